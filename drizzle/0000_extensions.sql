-- Chinese name search: LIKE %…% served by a GIN trigram index, ranked by similarity.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

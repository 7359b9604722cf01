CREATE INDEX "credit_record_published_idx" ON "credit_record" USING btree ("published_at","id");--> statement-breakpoint
CREATE INDEX "evaluation_year_idx" ON "evaluation" USING btree ("year","id");
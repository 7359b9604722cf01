CREATE TABLE "grade_scale" (
	"sector" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"grades" text[] NOT NULL,
	"basis" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "evaluation_subject_sector_year_key";--> statement-breakpoint
ALTER TABLE "evaluation" ADD COLUMN "source_system" text DEFAULT 'REGISTER' NOT NULL;--> statement-breakpoint
ALTER TABLE "evaluation" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_source_subject_sector_year_key" ON "evaluation" USING btree ("source_system","subject_id","sector","year");
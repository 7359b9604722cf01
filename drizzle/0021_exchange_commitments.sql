ALTER TABLE "commitment" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "commitment" ADD COLUMN "source_id" text;--> statement-breakpoint
ALTER TABLE "commitment" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "commitment_changed_idx" ON "commitment" USING btree ("updated_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "commitment_source_key" ON "commitment" USING btree ("source","source_id");
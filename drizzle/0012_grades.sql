CREATE TABLE "grade_scale" (
	"sector" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"grades" text[] NOT NULL,
	"basis" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "joint_case" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"facts" text NOT NULL,
	"marked_by" text NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "evaluation_subject_sector_year_key";--> statement-breakpoint
ALTER TABLE "evaluation" ADD COLUMN "source_system" text DEFAULT 'REGISTER' NOT NULL;--> statement-breakpoint
ALTER TABLE "evaluation" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "joint_case" ADD CONSTRAINT "joint_case_entry_id_list_entry_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."list_entry"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "joint_case_entry_key" ON "joint_case" USING btree ("entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_source_subject_sector_year_key" ON "evaluation" USING btree ("source_system","subject_id","sector","year");
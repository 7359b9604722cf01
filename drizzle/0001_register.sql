CREATE TYPE "public"."list_entry_status" AS ENUM('ACTIVE', 'EXPIRED', 'REPAIRED', 'REVOKED');--> statement-breakpoint
CREATE TYPE "public"."list_type" AS ENUM('RED', 'BLACK', 'WATCH');--> statement-breakpoint
CREATE TYPE "public"."measure_effect" AS ENUM('PROHIBIT', 'RESTRICT', 'INTENSIFY', 'FAST_TRACK');--> statement-breakpoint
CREATE TYPE "public"."record_status" AS ENUM('PUBLISHED', 'UNDER_OBJECTION', 'CORRECTED', 'REVOKED', 'REPAIRED', 'EXPIRED');--> statement-breakpoint
CREATE TYPE "public"."scenario" AS ENUM('LICENSING', 'ENFORCEMENT', 'ROAD_TRANSPORT', 'WATER_TRANSPORT', 'PROCUREMENT', 'BIDDING', 'SUBSIDY', 'HIRING');--> statement-breakpoint
CREATE TYPE "public"."severity" AS ENUM('ORDINARY', 'SERIOUS');--> statement-breakpoint
CREATE TYPE "public"."subject_kind" AS ENUM('ORGANIZATION', 'PERSON', 'VEHICLE', 'VESSEL');--> statement-breakpoint
CREATE TABLE "commitment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"matter" text NOT NULL,
	"content" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"valid_until" date,
	"status" text DEFAULT 'VALID' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_record" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"category" text NOT NULL,
	"decision_number" text NOT NULL,
	"content" text NOT NULL,
	"legal_basis" text,
	"decision_date" date NOT NULL,
	"authority" text NOT NULL,
	"source_system" text NOT NULL,
	"severity" "severity" DEFAULT 'ORDINARY' NOT NULL,
	"field" text,
	"fine_amount" numeric(14, 2),
	"publish_deadline" date,
	"published_at" timestamp with time zone,
	"publication_ends" date,
	"status" "record_status" DEFAULT 'PUBLISHED' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"sector" text NOT NULL,
	"year" integer NOT NULL,
	"grade" text NOT NULL,
	"evaluator" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "list_entry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"list" "list_type" NOT NULL,
	"reason_code" text NOT NULL,
	"reason_text" text NOT NULL,
	"basis_record_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"authority" text NOT NULL,
	"effective_from" date NOT NULL,
	"effective_until" date,
	"status" "list_entry_status" DEFAULT 'ACTIVE' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measure" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"list" "list_type" NOT NULL,
	"reason_code" text DEFAULT '*' NOT NULL,
	"scenario" "scenario" NOT NULL,
	"effect" "measure_effect" NOT NULL,
	"legal_basis" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subject" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "subject_kind" NOT NULL,
	"identifier" text NOT NULL,
	"name" text NOT NULL,
	"region" text NOT NULL,
	"sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"plate_color" text,
	"legal_representative" text,
	"phone" text,
	"address" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_subject_id_subject_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subject"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_record" ADD CONSTRAINT "credit_record_subject_id_subject_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subject"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation" ADD CONSTRAINT "evaluation_subject_id_subject_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subject"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_entry" ADD CONSTRAINT "list_entry_subject_id_subject_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subject"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commitment_subject_idx" ON "commitment" USING btree ("subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_record_source_decision_key" ON "credit_record" USING btree ("source_system","decision_number");--> statement-breakpoint
CREATE INDEX "credit_record_subject_idx" ON "credit_record" USING btree ("subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_subject_sector_year_key" ON "evaluation" USING btree ("subject_id","sector","year");--> statement-breakpoint
CREATE INDEX "list_entry_subject_idx" ON "list_entry" USING btree ("subject_id");--> statement-breakpoint
CREATE INDEX "list_entry_changed_idx" ON "list_entry" USING btree ("updated_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "measure_list_reason_scenario_key" ON "measure" USING btree ("list","reason_code","scenario");--> statement-breakpoint
CREATE UNIQUE INDEX "subject_kind_identifier_key" ON "subject" USING btree ("kind","identifier");--> statement-breakpoint
CREATE INDEX "subject_name_trgm_idx" ON "subject" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "subject_region_idx" ON "subject" USING btree ("region" text_pattern_ops);
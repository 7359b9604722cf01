CREATE TYPE "public"."list_rule_kind" AS ENUM('COUNT', 'FLEET_SHARE');--> statement-breakpoint
CREATE TYPE "public"."party_role" AS ENUM('VEHICLE', 'DRIVER', 'OPERATOR', 'CARGO_SOURCE');--> statement-breakpoint
CREATE TABLE "list_rule" (
	"code" text PRIMARY KEY NOT NULL,
	"violation" text NOT NULL,
	"role" "party_role",
	"kind" "list_rule_kind" NOT NULL,
	"threshold" integer NOT NULL,
	"window_days" integer NOT NULL,
	"list" "list_type" NOT NULL,
	"reason_code" text NOT NULL,
	"entry_months" integer,
	"basis" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "record_party" (
	"record_id" uuid NOT NULL,
	"subject_id" uuid NOT NULL,
	"role" "party_role",
	"is_subject" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "violation" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"legal_basis" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_record" ADD COLUMN "violation" text;--> statement-breakpoint
ALTER TABLE "list_entry" ADD COLUMN "rule" text;--> statement-breakpoint
ALTER TABLE "list_rule" ADD CONSTRAINT "list_rule_violation_violation_code_fk" FOREIGN KEY ("violation") REFERENCES "public"."violation"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_party" ADD CONSTRAINT "record_party_record_id_credit_record_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."credit_record"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_party" ADD CONSTRAINT "record_party_subject_id_subject_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subject"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "record_party_key" ON "record_party" USING btree ("record_id","subject_id","role");--> statement-breakpoint
CREATE INDEX "record_party_subject_idx" ON "record_party" USING btree ("subject_id","role");
CREATE TABLE "credit_file" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"view" jsonb NOT NULL,
	"issued_by" text NOT NULL,
	"issuer_role" text NOT NULL,
	"grant_id" uuid,
	"data_version" text NOT NULL,
	"salt" text NOT NULL,
	"facts_digest" text NOT NULL,
	"section_digests" jsonb NOT NULL,
	"pdf_sha256" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_file" ADD CONSTRAINT "credit_file_subject_id_subject_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subject"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_file_code_key" ON "credit_file" USING btree ("code");--> statement-breakpoint
CREATE INDEX "credit_file_subject_idx" ON "credit_file" USING btree ("subject_id");
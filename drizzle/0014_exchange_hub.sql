CREATE TYPE "public"."exchange_batch_status" AS ENUM('PENDING', 'SENT', 'ACKNOWLEDGED', 'FAILED', 'REJECTED', 'IMPORTED');--> statement-breakpoint
CREATE TYPE "public"."exchange_direction" AS ENUM('EXPORT', 'IMPORT');--> statement-breakpoint
CREATE TYPE "public"."exchange_partner" AS ENUM('MINISTRY', 'PROVINCE');--> statement-breakpoint
CREATE TABLE "exchange_batch" (
	"id" uuid PRIMARY KEY NOT NULL,
	"direction" "exchange_direction" NOT NULL,
	"partner" "exchange_partner" NOT NULL,
	"status" "exchange_batch_status" NOT NULL,
	"format_version" integer DEFAULT 1 NOT NULL,
	"period_from" timestamp with time zone,
	"period_to" timestamp with time zone NOT NULL,
	"data_version" bigint DEFAULT 0 NOT NULL,
	"counts" text NOT NULL,
	"kind_hashes" text NOT NULL,
	"hash" text NOT NULL,
	"lines" integer DEFAULT 0 NOT NULL,
	"content" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"tick" text,
	"partner_counts" text,
	"partner_hashes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "credit_record" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "list_entry" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "list_entry" ADD COLUMN "source_id" text;--> statement-breakpoint
CREATE INDEX "exchange_batch_partner_idx" ON "exchange_batch" USING btree ("partner","direction","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_batch_tick_key" ON "exchange_batch" USING btree ("tick");--> statement-breakpoint
CREATE UNIQUE INDEX "list_entry_source_key" ON "list_entry" USING btree ("source","source_id");
CREATE TABLE "supervision_policy" (
	"grade" text PRIMARY KEY NOT NULL,
	"rank" integer NOT NULL,
	"level" text NOT NULL,
	"sampling_multiplier" numeric(6, 3) NOT NULL,
	"interviews_per_year" integer NOT NULL,
	"trainings_per_year" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_event" ADD COLUMN "detail" text;
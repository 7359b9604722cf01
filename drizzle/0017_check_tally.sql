CREATE TABLE "check_decision_tally" (
	"day" date NOT NULL,
	"scenario" text NOT NULL,
	"decision" text NOT NULL,
	"region" text NOT NULL,
	"principal" text NOT NULL,
	"checks" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "check_measure_tally" (
	"day" date NOT NULL,
	"scenario" text NOT NULL,
	"measure" text NOT NULL,
	"decision" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"principal" text NOT NULL,
	"checks" integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "check_decision_tally_key" ON "check_decision_tally" USING btree ("day","scenario","decision","region","principal");--> statement-breakpoint
CREATE UNIQUE INDEX "check_measure_tally_key" ON "check_measure_tally" USING btree ("day","scenario","measure","decision","subject_id","principal");
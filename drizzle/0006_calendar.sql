CREATE TABLE "calendar_day" (
	"day" date PRIMARY KEY NOT NULL,
	"working" boolean NOT NULL,
	"note" text NOT NULL,
	"set_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

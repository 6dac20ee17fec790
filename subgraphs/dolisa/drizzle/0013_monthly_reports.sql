CREATE TABLE "dolisa"."monthly_reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"month" text NOT NULL,
	"version" integer NOT NULL,
	"snapshot" text NOT NULL,
	"content_hash" text NOT NULL,
	"submitted_by" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "monthly_reports_version" ON "dolisa"."monthly_reports" USING btree ("month","version");
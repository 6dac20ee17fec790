CREATE SCHEMA "dolisa";
--> statement-breakpoint
CREATE TABLE "dolisa"."household_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"household_id" text NOT NULL,
	"version" integer NOT NULL,
	"change" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_by" text
);
--> statement-breakpoint
CREATE TABLE "dolisa"."households" (
	"id" text PRIMARY KEY NOT NULL,
	"commune_code" text NOT NULL,
	"member_count" integer NOT NULL,
	"head_ethnic_group" text NOT NULL,
	"head_name" text NOT NULL,
	"head_id_number" text,
	"registered_on" date NOT NULL,
	"dissolved_on" date,
	"synthetic" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dolisa"."poverty_assessments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"household_id" text NOT NULL,
	"year" integer NOT NULL,
	"commune_code" text NOT NULL,
	"area_type" text NOT NULL,
	"minority" boolean NOT NULL,
	"member_count" integer NOT NULL,
	"income_per_capita_monthly" bigint NOT NULL,
	"deprivations" text[] NOT NULL,
	"classification" text NOT NULL,
	"standard_id" integer NOT NULL,
	"assessed_on" date NOT NULL,
	"is_current" boolean DEFAULT true NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" text
);
--> statement-breakpoint
CREATE TABLE "dolisa"."poverty_standards" (
	"id" serial PRIMARY KEY NOT NULL,
	"decree" text NOT NULL,
	"from_year" integer NOT NULL,
	"to_year" integer NOT NULL,
	"area_type" text NOT NULL,
	"income_line" bigint NOT NULL,
	"average_living_ceiling" bigint NOT NULL,
	"min_deprivations_for_poor" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dolisa"."household_versions" ADD CONSTRAINT "household_versions_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "dolisa"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dolisa"."poverty_assessments" ADD CONSTRAINT "poverty_assessments_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "dolisa"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dolisa"."poverty_assessments" ADD CONSTRAINT "poverty_assessments_standard_id_poverty_standards_id_fk" FOREIGN KEY ("standard_id") REFERENCES "dolisa"."poverty_standards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "household_versions_version" ON "dolisa"."household_versions" USING btree ("household_id","version");--> statement-breakpoint
CREATE INDEX "households_commune" ON "dolisa"."households" USING btree ("commune_code","id");--> statement-breakpoint
CREATE UNIQUE INDEX "poverty_assessments_one_current" ON "dolisa"."poverty_assessments" USING btree ("household_id","year") WHERE "dolisa"."poverty_assessments"."is_current";--> statement-breakpoint
CREATE INDEX "poverty_assessments_stats" ON "dolisa"."poverty_assessments" USING btree ("year","commune_code","classification") WHERE "dolisa"."poverty_assessments"."is_current";--> statement-breakpoint
CREATE UNIQUE INDEX "poverty_standards_span" ON "dolisa"."poverty_standards" USING btree ("area_type","from_year");
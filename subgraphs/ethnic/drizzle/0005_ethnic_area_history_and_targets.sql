CREATE TABLE "ethnic"."ethnic_area_history" (
	"commune_code" text NOT NULL,
	"area" text NOT NULL,
	"decision" text NOT NULL,
	"effective_on" date NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" text,
	CONSTRAINT "ethnic_area_history_commune_code_effective_on_pk" PRIMARY KEY("commune_code","effective_on"),
	CONSTRAINT "ethnic_area_history_area" CHECK ("ethnic"."ethnic_area_history"."area" in ('REGION_I', 'REGION_II', 'REGION_III', 'NONE'))
);
--> statement-breakpoint
CREATE TABLE "ethnic"."minority_targets" (
	"plan_code" text NOT NULL,
	"target_id" text NOT NULL,
	"year" integer NOT NULL,
	"metric" text NOT NULL,
	"scope" text NOT NULL,
	"unit_code" text NOT NULL,
	"measure" text NOT NULL,
	"min" double precision,
	"max" double precision,
	"bound_exclusive" boolean NOT NULL,
	"description" text NOT NULL,
	CONSTRAINT "minority_targets_plan_code_target_id_year_pk" PRIMARY KEY("plan_code","target_id","year"),
	CONSTRAINT "minority_targets_measure" CHECK ("ethnic"."minority_targets"."measure" in ('FRACTION', 'PP'))
);

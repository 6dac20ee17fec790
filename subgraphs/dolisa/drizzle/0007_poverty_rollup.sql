CREATE TABLE "dolisa"."model_budget_revisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"model_id" text NOT NULL,
	"previous_budget" bigint NOT NULL,
	"planned_budget" bigint NOT NULL,
	"reason" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" text
);
--> statement-breakpoint
CREATE TABLE "dolisa"."poverty_rollup" (
	"year" integer NOT NULL,
	"commune_code" text NOT NULL,
	"area_type" text NOT NULL,
	"head_ethnic_group" text NOT NULL,
	"classification" text NOT NULL,
	"households" integer NOT NULL,
	"synthetic" integer NOT NULL,
	CONSTRAINT "poverty_rollup_year_commune_code_area_type_head_ethnic_group_classification_pk" PRIMARY KEY("year","commune_code","area_type","head_ethnic_group","classification")
);
--> statement-breakpoint
CREATE TABLE "dolisa"."registry_rollup" (
	"commune_code" text PRIMARY KEY NOT NULL,
	"households" integer NOT NULL
);
--> statement-breakpoint
-- Existing reviews take the head's group from the household as it is now; new ones record it at the review.
ALTER TABLE "dolisa"."poverty_assessments" ADD COLUMN "head_ethnic_group" text;--> statement-breakpoint
UPDATE "dolisa"."poverty_assessments" a SET "head_ethnic_group" = h."head_ethnic_group" FROM "dolisa"."households" h WHERE h."id" = a."household_id";--> statement-breakpoint
ALTER TABLE "dolisa"."poverty_assessments" ALTER COLUMN "head_ethnic_group" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "dolisa"."model_budget_revisions" ADD CONSTRAINT "model_budget_revisions_model_id_livelihood_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "dolisa"."livelihood_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "model_budget_revisions_model" ON "dolisa"."model_budget_revisions" USING btree ("model_id","id");
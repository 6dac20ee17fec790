CREATE TABLE "dolisa"."livelihood_models" (
	"id" text PRIMARY KEY NOT NULL,
	"commune_code" text NOT NULL,
	"name" text NOT NULL,
	"sector" text NOT NULL,
	"status" text NOT NULL,
	"description" text,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"planned_budget" bigint NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dolisa"."model_evaluations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"model_id" text NOT NULL,
	"evaluated_on" date NOT NULL,
	"rating" text NOT NULL,
	"lessons" text,
	"replicable" boolean NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" text
);
--> statement-breakpoint
CREATE TABLE "dolisa"."model_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"model_id" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"effective_on" date NOT NULL,
	"note" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" text
);
--> statement-breakpoint
CREATE TABLE "dolisa"."model_participants" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"model_id" text NOT NULL,
	"household_id" text NOT NULL,
	"enrolled_on" date NOT NULL,
	"class_at_joining" text,
	"withdrawn_on" date,
	"withdrawal_reason" text,
	"synthetic" boolean DEFAULT false NOT NULL,
	"recorded_by" text
);
--> statement-breakpoint
CREATE TABLE "dolisa"."plan_targets" (
	"plan_code" text NOT NULL,
	"target_id" text NOT NULL,
	"metric" text NOT NULL,
	"scope" text NOT NULL,
	"unit_code" text NOT NULL,
	"measure" text NOT NULL,
	"year" integer NOT NULL,
	"min" double precision,
	"max" double precision,
	"description" text NOT NULL,
	CONSTRAINT "plan_targets_plan_code_target_id_year_pk" PRIMARY KEY("plan_code","target_id","year")
);
--> statement-breakpoint
CREATE TABLE "dolisa"."plans" (
	"code" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"issued_on" date NOT NULL,
	"from_year" integer NOT NULL,
	"to_year" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dolisa"."poverty_assessments" ADD COLUMN "correction_reason" text;--> statement-breakpoint
ALTER TABLE "dolisa"."model_evaluations" ADD CONSTRAINT "model_evaluations_model_id_livelihood_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "dolisa"."livelihood_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dolisa"."model_events" ADD CONSTRAINT "model_events_model_id_livelihood_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "dolisa"."livelihood_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dolisa"."model_participants" ADD CONSTRAINT "model_participants_model_id_livelihood_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "dolisa"."livelihood_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dolisa"."model_participants" ADD CONSTRAINT "model_participants_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "dolisa"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dolisa"."plan_targets" ADD CONSTRAINT "plan_targets_plan_code_plans_code_fk" FOREIGN KEY ("plan_code") REFERENCES "dolisa"."plans"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "livelihood_models_commune" ON "dolisa"."livelihood_models" USING btree ("commune_code");--> statement-breakpoint
CREATE INDEX "model_evaluations_model" ON "dolisa"."model_evaluations" USING btree ("model_id","evaluated_on");--> statement-breakpoint
CREATE INDEX "model_events_model" ON "dolisa"."model_events" USING btree ("model_id","effective_on");--> statement-breakpoint
CREATE UNIQUE INDEX "model_participants_once" ON "dolisa"."model_participants" USING btree ("model_id","household_id");--> statement-breakpoint
CREATE INDEX "model_participants_household" ON "dolisa"."model_participants" USING btree ("household_id");
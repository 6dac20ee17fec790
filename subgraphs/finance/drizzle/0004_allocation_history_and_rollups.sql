CREATE TABLE "finance"."allocation_rollup" (
	"year" integer NOT NULL,
	"commune_code" text NOT NULL,
	"source_code" text NOT NULL,
	"item" text NOT NULL,
	"status" text NOT NULL,
	"allocations" integer NOT NULL,
	"approved" bigint NOT NULL,
	"disbursed" bigint NOT NULL,
	"settled" bigint NOT NULL,
	"synthetic" integer NOT NULL,
	"over_disbursed" integer NOT NULL,
	CONSTRAINT "allocation_rollup_year_commune_code_source_code_item_status_pk" PRIMARY KEY("year","commune_code","source_code","item","status")
);
--> statement-breakpoint
CREATE TABLE "finance"."allocation_versions" (
	"allocation_id" text NOT NULL,
	"version" integer NOT NULL,
	"change" text NOT NULL,
	"source_code" text NOT NULL,
	"household_id" text,
	"item" text NOT NULL,
	"year" integer NOT NULL,
	"approved" bigint NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"reason" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" text,
	CONSTRAINT "allocation_versions_allocation_id_version_pk" PRIMARY KEY("allocation_id","version"),
	CONSTRAINT "allocation_versions_change" CHECK ("finance"."allocation_versions"."change" in ('ALLOCATED', 'AMENDED', 'CANCELLED')),
	CONSTRAINT "allocation_versions_item" CHECK ("finance"."allocation_versions"."item" in ('BREED_LIVESTOCK', 'SEED', 'INPUTS', 'EQUIPMENT', 'TRAINING', 'VOCATIONAL_TRAINING', 'CREDIT', 'INFRASTRUCTURE', 'HOUSING', 'MARKET_ACCESS', 'MANAGEMENT', 'OTHER')),
	CONSTRAINT "allocation_versions_status" CHECK ("finance"."allocation_versions"."status" in ('ACTIVE', 'CANCELLED'))
);
--> statement-breakpoint
CREATE TABLE "finance"."disbursements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"allocation_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"paid_on" date NOT NULL,
	"reference" text,
	"synthetic" boolean DEFAULT false NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" text,
	CONSTRAINT "disbursements_amount" CHECK ("finance"."disbursements"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "finance"."flag_rules" (
	"name" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"value" bigint NOT NULL,
	"description" text NOT NULL,
	CONSTRAINT "flag_rules_code" CHECK ("finance"."flag_rules"."code" in ('OVERLAP', 'OVER_DISBURSED', 'UNSETTLED', 'FRAGMENTED', 'OVER_PLAN'))
);
--> statement-breakpoint
CREATE TABLE "finance"."guidance_documents" (
	"id" text PRIMARY KEY NOT NULL,
	"plan_code" text NOT NULL,
	"title" text NOT NULL,
	"due_date" date NOT NULL,
	"issued_on" date,
	"document_number" text,
	"note" text,
	"synthetic" boolean DEFAULT false NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance"."household_item_rollup" (
	"year" integer NOT NULL,
	"household_id" text NOT NULL,
	"item" text NOT NULL,
	"commune_code" text NOT NULL,
	"allocations" integer NOT NULL,
	CONSTRAINT "household_item_rollup_year_household_id_item_commune_code_pk" PRIMARY KEY("year","household_id","item","commune_code")
);
--> statement-breakpoint
CREATE TABLE "finance"."model_rollup" (
	"model_id" text NOT NULL,
	"year" integer NOT NULL,
	"source_code" text NOT NULL,
	"commune_code" text NOT NULL,
	"allocations" integer NOT NULL,
	"approved" bigint NOT NULL,
	"disbursed" bigint NOT NULL,
	"settled" bigint NOT NULL,
	"small_allocations" integer NOT NULL,
	"unsettled_allocations" integer NOT NULL,
	CONSTRAINT "model_rollup_model_id_year_source_code_pk" PRIMARY KEY("model_id","year","source_code")
);
--> statement-breakpoint
CREATE TABLE "finance"."settlements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"allocation_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"settled_on" date NOT NULL,
	"document_number" text,
	"synthetic" boolean DEFAULT false NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" text,
	CONSTRAINT "settlements_amount" CHECK ("finance"."settlements"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "finance"."allocations" ADD COLUMN "household_id" text;--> statement-breakpoint
-- Allocations written before items existed say nothing about what they bought: OTHER.
ALTER TABLE "finance"."allocations" ADD COLUMN "item" text DEFAULT 'OTHER' NOT NULL;--> statement-breakpoint
ALTER TABLE "finance"."allocations" ALTER COLUMN "item" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "finance"."allocations" ADD COLUMN "status" text DEFAULT 'ACTIVE' NOT NULL;--> statement-breakpoint
ALTER TABLE "finance"."allocations" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "finance"."allocations" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "finance"."allocations" ADD COLUMN "cancelled_on" date;--> statement-breakpoint
ALTER TABLE "finance"."allocations" ADD COLUMN "cancellation_reason" text;--> statement-breakpoint
ALTER TABLE "finance"."allocations" ADD COLUMN "recorded_by" text;--> statement-breakpoint
ALTER TABLE "finance"."allocations" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "finance"."allocation_versions" ADD CONSTRAINT "allocation_versions_allocation_id_allocations_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "finance"."allocations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance"."disbursements" ADD CONSTRAINT "disbursements_allocation_id_allocations_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "finance"."allocations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance"."settlements" ADD CONSTRAINT "settlements_allocation_id_allocations_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "finance"."allocations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disbursements_allocation" ON "finance"."disbursements" USING btree ("allocation_id","id");--> statement-breakpoint
CREATE INDEX "guidance_documents_plan" ON "finance"."guidance_documents" USING btree ("plan_code","due_date");--> statement-breakpoint
CREATE INDEX "household_item_rollup_commune" ON "finance"."household_item_rollup" USING btree ("commune_code","year");--> statement-breakpoint
CREATE INDEX "model_rollup_commune" ON "finance"."model_rollup" USING btree ("commune_code","year");--> statement-breakpoint
CREATE INDEX "settlements_allocation" ON "finance"."settlements" USING btree ("allocation_id","id");--> statement-breakpoint
CREATE INDEX "allocations_household" ON "finance"."allocations" USING btree ("household_id","item","year");--> statement-breakpoint
ALTER TABLE "finance"."allocations" ADD CONSTRAINT "allocations_item" CHECK ("finance"."allocations"."item" in ('BREED_LIVESTOCK', 'SEED', 'INPUTS', 'EQUIPMENT', 'TRAINING', 'VOCATIONAL_TRAINING', 'CREDIT', 'INFRASTRUCTURE', 'HOUSING', 'MARKET_ACCESS', 'MANAGEMENT', 'OTHER'));--> statement-breakpoint
ALTER TABLE "finance"."allocations" ADD CONSTRAINT "allocations_status" CHECK ("finance"."allocations"."status" in ('ACTIVE', 'CANCELLED'));
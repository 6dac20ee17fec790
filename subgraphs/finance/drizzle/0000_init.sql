CREATE SCHEMA "finance";
--> statement-breakpoint
CREATE TABLE "finance"."allocations" (
	"id" text PRIMARY KEY NOT NULL,
	"source_code" text NOT NULL,
	"model_id" text,
	"commune_code" text NOT NULL,
	"year" integer NOT NULL,
	"approved" bigint NOT NULL,
	"disbursed" bigint DEFAULT 0 NOT NULL,
	"settled" bigint DEFAULT 0 NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "allocations_year" CHECK ("finance"."allocations"."year" between 2000 and 2100),
	CONSTRAINT "allocations_approved" CHECK ("finance"."allocations"."approved" >= 0),
	CONSTRAINT "allocations_disbursed" CHECK ("finance"."allocations"."disbursed" >= 0),
	CONSTRAINT "allocations_settled" CHECK ("finance"."allocations"."settled" >= 0 and "finance"."allocations"."settled" <= "finance"."allocations"."disbursed")
);
--> statement-breakpoint
CREATE TABLE "finance"."funding_sources" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"legal_basis" text,
	CONSTRAINT "funding_sources_kind" CHECK ("finance"."funding_sources"."kind" in ('NATIONAL_TARGET_PROGRAMME', 'FOR_THE_POOR_FUND', 'PROVINCIAL_BUDGET', 'DISTRICT_BUDGET', 'ENTERPRISE', 'PEOPLE_CONTRIBUTION', 'POLICY_CREDIT'))
);
--> statement-breakpoint
ALTER TABLE "finance"."allocations" ADD CONSTRAINT "allocations_source_code_funding_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "finance"."funding_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "allocations_year_commune" ON "finance"."allocations" USING btree ("year","commune_code");--> statement-breakpoint
CREATE INDEX "allocations_model" ON "finance"."allocations" USING btree ("model_id");
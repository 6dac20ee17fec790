CREATE TABLE "agriculture"."delivery_rollup" (
	"year" integer NOT NULL,
	"commune_code" text NOT NULL,
	"deliveries" integer NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "delivery_rollup_year_commune_code_pk" PRIMARY KEY("year","commune_code")
);
--> statement-breakpoint
CREATE TABLE "agriculture"."offtake_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"agreement_id" text NOT NULL,
	"commune_code" text NOT NULL,
	"delivered_on" date NOT NULL,
	"volume" numeric(14, 3) NOT NULL,
	"price_per_unit" bigint NOT NULL,
	"amount" bigint NOT NULL,
	"note" text,
	"synthetic" boolean DEFAULT false NOT NULL,
	"recorded_by" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offtake_deliveries_volume" CHECK ("agriculture"."offtake_deliveries"."volume" > 0),
	CONSTRAINT "offtake_deliveries_price" CHECK ("agriculture"."offtake_deliveries"."price_per_unit" >= 0)
);
--> statement-breakpoint
CREATE TABLE "agriculture"."offtake_status_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"agreement_id" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"effective_on" date NOT NULL,
	"note" text,
	"recorded_by" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offtake_status_changes_to" CHECK ("agriculture"."offtake_status_changes"."to_status" in ('NEGOTIATING', 'SIGNED', 'ACTIVE', 'COMPLETED', 'CANCELLED'))
);
--> statement-breakpoint
CREATE TABLE "agriculture"."partner_communes" (
	"partner_id" text NOT NULL,
	"commune_code" text NOT NULL,
	CONSTRAINT "partner_communes_partner_id_commune_code_pk" PRIMARY KEY("partner_id","commune_code")
);
--> statement-breakpoint
CREATE TABLE "agriculture"."support_rollup" (
	"year" integer NOT NULL,
	"commune_code" text NOT NULL,
	"kind" text NOT NULL,
	"technique_code" text NOT NULL,
	"events" integer NOT NULL,
	"households_reached" integer NOT NULL,
	"synthetic_events" integer NOT NULL,
	"cost" bigint NOT NULL,
	CONSTRAINT "support_rollup_year_commune_code_kind_technique_code_pk" PRIMARY KEY("year","commune_code","kind","technique_code")
);
--> statement-breakpoint
CREATE TABLE "agriculture"."technical_support_households" (
	"support_id" text NOT NULL,
	"household_id" text NOT NULL,
	CONSTRAINT "technical_support_households_support_id_household_id_pk" PRIMARY KEY("support_id","household_id")
);
--> statement-breakpoint
CREATE TABLE "agriculture"."technical_support_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"support_id" text NOT NULL,
	"version" integer NOT NULL,
	"change" text NOT NULL,
	"reason" text,
	"kind" text NOT NULL,
	"support_date" date NOT NULL,
	"provider" text NOT NULL,
	"technique_code" text,
	"households_reached" integer NOT NULL,
	"household_ids" text[] NOT NULL,
	"cost" bigint,
	"recorded_by" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "technical_support_versions_change" CHECK ("agriculture"."technical_support_versions"."change" in ('RECORDED', 'CORRECTED', 'CANCELLED'))
);
--> statement-breakpoint
CREATE TABLE "agriculture"."technique_model_rollup" (
	"year" integer NOT NULL,
	"commune_code" text NOT NULL,
	"technique_code" text NOT NULL,
	"model_id" text NOT NULL,
	"events" integer NOT NULL,
	CONSTRAINT "technique_model_rollup_year_commune_code_technique_code_model_id_pk" PRIMARY KEY("year","commune_code","technique_code","model_id")
);
--> statement-breakpoint
CREATE TABLE "agriculture"."techniques" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_vi" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agriculture"."partners" DROP CONSTRAINT "partners_kind";--> statement-breakpoint
ALTER TABLE "agriculture"."offtake_agreements" ADD COLUMN "status_on" date;--> statement-breakpoint
ALTER TABLE "agriculture"."offtake_agreements" ADD COLUMN "signed_on" date;--> statement-breakpoint
ALTER TABLE "agriculture"."offtake_agreements" ADD COLUMN "delivered_volume" numeric(16, 3) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "agriculture"."offtake_agreements" ADD COLUMN "delivered_value" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "agriculture"."offtake_agreements" ADD COLUMN "delivery_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "agriculture"."offtake_agreements" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "agriculture"."offtake_agreements" ADD COLUMN "recorded_by" text;--> statement-breakpoint
ALTER TABLE "agriculture"."offtake_agreements" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "agriculture"."partners" ADD COLUMN "tax_code" text;--> statement-breakpoint
ALTER TABLE "agriculture"."partners" ADD COLUMN "recorded_by" text;--> statement-breakpoint
ALTER TABLE "agriculture"."technical_supports" ADD COLUMN "technique_code" text;--> statement-breakpoint
ALTER TABLE "agriculture"."technical_supports" ADD COLUMN "households_listed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "agriculture"."technical_supports" ADD COLUMN "cost" bigint;--> statement-breakpoint
ALTER TABLE "agriculture"."technical_supports" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "agriculture"."technical_supports" ADD COLUMN "cancelled_on" date;--> statement-breakpoint
ALTER TABLE "agriculture"."technical_supports" ADD COLUMN "cancellation_reason" text;--> statement-breakpoint
ALTER TABLE "agriculture"."technical_supports" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "agriculture"."technical_supports" ADD COLUMN "recorded_by" text;--> statement-breakpoint
ALTER TABLE "agriculture"."technical_supports" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "agriculture"."offtake_deliveries" ADD CONSTRAINT "offtake_deliveries_agreement_id_offtake_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "agriculture"."offtake_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agriculture"."offtake_status_changes" ADD CONSTRAINT "offtake_status_changes_agreement_id_offtake_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "agriculture"."offtake_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agriculture"."partner_communes" ADD CONSTRAINT "partner_communes_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "agriculture"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agriculture"."technical_support_households" ADD CONSTRAINT "technical_support_households_support_id_technical_supports_id_fk" FOREIGN KEY ("support_id") REFERENCES "agriculture"."technical_supports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agriculture"."technical_support_versions" ADD CONSTRAINT "technical_support_versions_support_id_technical_supports_id_fk" FOREIGN KEY ("support_id") REFERENCES "agriculture"."technical_supports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "offtake_deliveries_agreement" ON "agriculture"."offtake_deliveries" USING btree ("agreement_id","delivered_on");--> statement-breakpoint
CREATE INDEX "offtake_status_changes_agreement" ON "agriculture"."offtake_status_changes" USING btree ("agreement_id","id");--> statement-breakpoint
CREATE INDEX "partner_communes_commune" ON "agriculture"."partner_communes" USING btree ("commune_code","partner_id");--> statement-breakpoint
CREATE INDEX "technical_support_households_household" ON "agriculture"."technical_support_households" USING btree ("household_id","support_id");--> statement-breakpoint
CREATE UNIQUE INDEX "technical_support_versions_version" ON "agriculture"."technical_support_versions" USING btree ("support_id","version");--> statement-breakpoint
ALTER TABLE "agriculture"."technical_supports" ADD CONSTRAINT "technical_supports_technique_code_techniques_code_fk" FOREIGN KEY ("technique_code") REFERENCES "agriculture"."techniques"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "partners_tax_code" ON "agriculture"."partners" USING btree ("tax_code");--> statement-breakpoint
CREATE INDEX "partners_kind_name" ON "agriculture"."partners" USING btree ("kind","name","id");--> statement-breakpoint
CREATE INDEX "partners_name" ON "agriculture"."partners" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "technical_supports_model_live" ON "agriculture"."technical_supports" USING btree ("model_id","support_date") WHERE cancelled_on is null;--> statement-breakpoint
ALTER TABLE "agriculture"."partners" ADD CONSTRAINT "partners_tax_code_form" CHECK ("agriculture"."partners"."tax_code" is null or "agriculture"."partners"."tax_code" ~ '^[0-9]{10}(-[0-9]{3})?$');--> statement-breakpoint
ALTER TABLE "agriculture"."partners" ADD CONSTRAINT "partners_kind" CHECK ("agriculture"."partners"."kind" in ('ENTERPRISE', 'COOPERATIVE', 'INSTITUTE', 'EXTENSION_CENTRE'));--> statement-breakpoint
ALTER TABLE "agriculture"."technical_supports" ADD CONSTRAINT "technical_supports_cost" CHECK ("agriculture"."technical_supports"."cost" is null or "agriculture"."technical_supports"."cost" >= 0);
CREATE SCHEMA "agriculture";
--> statement-breakpoint
CREATE TABLE "agriculture"."offtake_agreements" (
	"id" text PRIMARY KEY NOT NULL,
	"model_id" text NOT NULL,
	"commune_code" text NOT NULL,
	"partner_id" text NOT NULL,
	"product" text NOT NULL,
	"volume" numeric(14, 3) NOT NULL,
	"unit" text NOT NULL,
	"price_per_unit" bigint NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"status" text NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offtake_agreements_status" CHECK ("agriculture"."offtake_agreements"."status" in ('NEGOTIATING', 'SIGNED', 'ACTIVE', 'COMPLETED', 'CANCELLED')),
	CONSTRAINT "offtake_agreements_volume" CHECK ("agriculture"."offtake_agreements"."volume" > 0),
	CONSTRAINT "offtake_agreements_price" CHECK ("agriculture"."offtake_agreements"."price_per_unit" >= 0),
	CONSTRAINT "offtake_agreements_period" CHECK ("agriculture"."offtake_agreements"."period_end" >= "agriculture"."offtake_agreements"."period_start")
);
--> statement-breakpoint
CREATE TABLE "agriculture"."partners" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partners_kind" CHECK ("agriculture"."partners"."kind" in ('ENTERPRISE', 'COOPERATIVE', 'INSTITUTE'))
);
--> statement-breakpoint
CREATE TABLE "agriculture"."technical_supports" (
	"id" text PRIMARY KEY NOT NULL,
	"model_id" text NOT NULL,
	"commune_code" text NOT NULL,
	"kind" text NOT NULL,
	"support_date" date NOT NULL,
	"provider" text NOT NULL,
	"households_reached" integer NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "technical_supports_kind" CHECK ("agriculture"."technical_supports"."kind" in ('TRAINING', 'TECHNOLOGY_TRANSFER', 'SEED_BREED_SUPPLY', 'EXTENSION_VISIT', 'VETERINARY_SERVICE')),
	CONSTRAINT "technical_supports_households_reached" CHECK ("agriculture"."technical_supports"."households_reached" >= 0)
);
--> statement-breakpoint
ALTER TABLE "agriculture"."offtake_agreements" ADD CONSTRAINT "offtake_agreements_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "agriculture"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "offtake_agreements_model" ON "agriculture"."offtake_agreements" USING btree ("model_id","period_start");--> statement-breakpoint
CREATE INDEX "offtake_agreements_partner" ON "agriculture"."offtake_agreements" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "technical_supports_model" ON "agriculture"."technical_supports" USING btree ("model_id","support_date");--> statement-breakpoint
CREATE INDEX "technical_supports_commune" ON "agriculture"."technical_supports" USING btree ("commune_code","support_date");
CREATE TABLE "front"."fund_receipt_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"receipt_id" text NOT NULL,
	"version" integer NOT NULL,
	"change" text NOT NULL,
	"reason" text,
	"unit_code" text NOT NULL,
	"received_on" date NOT NULL,
	"donor" text NOT NULL,
	"kind" text NOT NULL,
	"value" bigint NOT NULL,
	"description" text,
	"recorded_by" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fund_receipt_versions_change" CHECK ("front"."fund_receipt_versions"."change" in ('RECORDED', 'CORRECTED', 'CANCELLED'))
);
--> statement-breakpoint
CREATE TABLE "front"."fund_spending_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"spending_id" text NOT NULL,
	"version" integer NOT NULL,
	"change" text NOT NULL,
	"reason" text,
	"spent_on" date NOT NULL,
	"amount" bigint NOT NULL,
	"purpose" text NOT NULL,
	"household_id" text,
	"model_id" text,
	"commune_code" text NOT NULL,
	"recorded_by" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fund_spending_versions_change" CHECK ("front"."fund_spending_versions"."change" in ('RECORDED', 'CORRECTED', 'CANCELLED'))
);
--> statement-breakpoint
ALTER TABLE "front"."fund_receipts" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "front"."fund_receipts" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "front"."fund_receipts" ADD COLUMN "cancelled_by" text;--> statement-breakpoint
ALTER TABLE "front"."fund_receipts" ADD COLUMN "cancellation_reason" text;--> statement-breakpoint
ALTER TABLE "front"."fund_rollup" ADD COLUMN "cancelled_receipt_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "front"."fund_rollup" ADD COLUMN "cancelled_spending_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "front"."fund_spendings" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "front"."fund_spendings" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "front"."fund_spendings" ADD COLUMN "cancelled_by" text;--> statement-breakpoint
ALTER TABLE "front"."fund_spendings" ADD COLUMN "cancellation_reason" text;--> statement-breakpoint
ALTER TABLE "front"."fund_receipt_versions" ADD CONSTRAINT "fund_receipt_versions_receipt_id_fund_receipts_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "front"."fund_receipts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "front"."fund_spending_versions" ADD CONSTRAINT "fund_spending_versions_spending_id_fund_spendings_id_fk" FOREIGN KEY ("spending_id") REFERENCES "front"."fund_spendings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fund_receipt_versions_version" ON "front"."fund_receipt_versions" USING btree ("receipt_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "fund_spending_versions_version" ON "front"."fund_spending_versions" USING btree ("spending_id","version");--> statement-breakpoint
ALTER TABLE "front"."fund_receipts" ADD CONSTRAINT "fund_receipts_cancellation" CHECK (("front"."fund_receipts"."cancelled_at" is null) = ("front"."fund_receipts"."cancellation_reason" is null));--> statement-breakpoint
ALTER TABLE "front"."fund_spendings" ADD CONSTRAINT "fund_spendings_cancellation" CHECK (("front"."fund_spendings"."cancelled_at" is null) = ("front"."fund_spendings"."cancellation_reason" is null));
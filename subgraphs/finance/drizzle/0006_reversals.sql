CREATE TABLE "finance"."disbursement_reversals" (
	"disbursement_id" bigint PRIMARY KEY NOT NULL,
	"reversed_on" date NOT NULL,
	"reason" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" text
);
--> statement-breakpoint
CREATE TABLE "finance"."settlement_reversals" (
	"settlement_id" bigint PRIMARY KEY NOT NULL,
	"reversed_on" date NOT NULL,
	"reason" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" text
);
--> statement-breakpoint
ALTER TABLE "finance"."disbursement_reversals" ADD CONSTRAINT "disbursement_reversals_disbursement_id_disbursements_id_fk" FOREIGN KEY ("disbursement_id") REFERENCES "finance"."disbursements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance"."settlement_reversals" ADD CONSTRAINT "settlement_reversals_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "finance"."settlements"("id") ON DELETE no action ON UPDATE no action;
CREATE TABLE "front"."commendations" (
	"id" text PRIMARY KEY NOT NULL,
	"level" text NOT NULL,
	"unit_code" text NOT NULL,
	"place_code" text NOT NULL,
	"commune_code" text,
	"model_id" text,
	"awarded_on" date NOT NULL,
	"recipient" text NOT NULL,
	"recipient_kind" text NOT NULL,
	"reason" text NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"recorded_by" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commendations_level" CHECK ("front"."commendations"."level" in ('PROVINCE', 'DISTRICT', 'COMMUNE')),
	CONSTRAINT "commendations_recipient_kind" CHECK ("front"."commendations"."recipient_kind" in ('INDIVIDUAL', 'HOUSEHOLD', 'COLLECTIVE'))
);
--> statement-breakpoint
CREATE TABLE "front"."consultations" (
	"id" text PRIMARY KEY NOT NULL,
	"model_id" text NOT NULL,
	"commune_code" text NOT NULL,
	"held_on" date NOT NULL,
	"participants" integer NOT NULL,
	"agree" integer NOT NULL,
	"disagree" integer NOT NULL,
	"abstain" integer NOT NULL,
	"minutes" text,
	"synthetic" boolean DEFAULT false NOT NULL,
	"recorded_by" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consultations_counts" CHECK ("front"."consultations"."participants" > 0 and "front"."consultations"."agree" >= 0 and "front"."consultations"."disagree" >= 0 and "front"."consultations"."abstain" >= 0 and "front"."consultations"."agree" + "front"."consultations"."disagree" + "front"."consultations"."abstain" = "front"."consultations"."participants")
);
--> statement-breakpoint
CREATE TABLE "front"."criticism_opinions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"criticism_id" text NOT NULL,
	"position" integer NOT NULL,
	"given_by" text NOT NULL,
	"stance" text NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "criticism_opinions_stance" CHECK ("front"."criticism_opinions"."stance" in ('SUPPORT', 'PROPOSE_CHANGE', 'OPPOSE'))
);
--> statement-breakpoint
CREATE TABLE "front"."fund_receipts" (
	"id" text PRIMARY KEY NOT NULL,
	"unit_code" text NOT NULL,
	"received_on" date NOT NULL,
	"donor" text NOT NULL,
	"kind" text NOT NULL,
	"value" bigint NOT NULL,
	"description" text,
	"synthetic" boolean DEFAULT false NOT NULL,
	"recorded_by" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fund_receipts_kind" CHECK ("front"."fund_receipts"."kind" in ('MONEY', 'IN_KIND')),
	CONSTRAINT "fund_receipts_value" CHECK ("front"."fund_receipts"."value" > 0)
);
--> statement-breakpoint
CREATE TABLE "front"."fund_rollup" (
	"unit_code" text NOT NULL,
	"year" integer NOT NULL,
	"receipts" bigint NOT NULL,
	"spending" bigint NOT NULL,
	"receipt_count" integer NOT NULL,
	"spending_count" integer NOT NULL,
	CONSTRAINT "fund_rollup_unit_code_year_pk" PRIMARY KEY("unit_code","year")
);
--> statement-breakpoint
CREATE TABLE "front"."fund_spendings" (
	"id" text PRIMARY KEY NOT NULL,
	"unit_code" text NOT NULL,
	"spent_on" date NOT NULL,
	"amount" bigint NOT NULL,
	"purpose" text NOT NULL,
	"household_id" text,
	"model_id" text,
	"commune_code" text NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"recorded_by" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fund_spendings_amount" CHECK ("front"."fund_spendings"."amount" > 0),
	CONSTRAINT "fund_spendings_recipient" CHECK (("front"."fund_spendings"."household_id" is null) <> ("front"."fund_spendings"."model_id" is null))
);
--> statement-breakpoint
CREATE TABLE "front"."funds" (
	"unit_code" text PRIMARY KEY NOT NULL,
	"level" text NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funds_level" CHECK ("front"."funds"."level" in ('PROVINCE', 'DISTRICT', 'COMMUNE'))
);
--> statement-breakpoint
CREATE TABLE "front"."recommendation_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"recommendation_id" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"effective_on" date NOT NULL,
	"note" text,
	"recorded_by" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "front"."recommendation_rollup" (
	"commune_code" text NOT NULL,
	"status" text NOT NULL,
	"due_date" date NOT NULL,
	"recommendations" integer NOT NULL,
	CONSTRAINT "recommendation_rollup_commune_code_status_due_date_pk" PRIMARY KEY("commune_code","status","due_date")
);
--> statement-breakpoint
CREATE TABLE "front"."social_criticisms" (
	"id" text PRIMARY KEY NOT NULL,
	"level" text NOT NULL,
	"unit_code" text NOT NULL,
	"place_code" text NOT NULL,
	"model_id" text,
	"held_on" date NOT NULL,
	"subject" text NOT NULL,
	"document_ref" text,
	"outcome" text NOT NULL,
	"conclusion" text NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"recorded_by" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "social_criticisms_level" CHECK ("front"."social_criticisms"."level" in ('PROVINCE', 'DISTRICT', 'COMMUNE')),
	CONSTRAINT "social_criticisms_outcome" CHECK ("front"."social_criticisms"."outcome" in ('ENDORSED', 'CHANGES_PROPOSED', 'OBJECTED')),
	CONSTRAINT "social_criticisms_subject" CHECK ("front"."social_criticisms"."document_ref" is not null or "front"."social_criticisms"."model_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "front"."recommendations" ADD COLUMN "commune_code" text;--> statement-breakpoint
ALTER TABLE "front"."recommendations" ADD COLUMN "addressee_department" text;--> statement-breakpoint
ALTER TABLE "front"."recommendations" ADD COLUMN "addressee_area" text;--> statement-breakpoint
ALTER TABLE "front"."recommendations" ADD COLUMN "resolved_on" date;--> statement-breakpoint
ALTER TABLE "front"."recommendations" ADD COLUMN "resolution_note" text;--> statement-breakpoint
-- Recommendations recorded before addressees were structured: the supervision's commune, and the addressee read
-- from the office's name as the earlier seed wrote it (UBND of the commune, the district's DOLISA office, the
-- provincial departments of Agriculture and Finance); anything else goes to the commune's People's Committee.
UPDATE "front"."recommendations" r SET "commune_code" = s."commune_code" FROM "front"."supervisions" s WHERE s."id" = r."supervision_id";--> statement-breakpoint
UPDATE "front"."recommendations" r SET
  "addressee_department" = CASE
    WHEN r."addressed_to" ILIKE '%Lao động%' OR r."addressed_to" ILIKE '%LĐ-TB%' THEN 'DOLISA'
    WHEN r."addressed_to" ILIKE '%Nông nghiệp%' OR r."addressed_to" ILIKE '%NN&PTNT%' THEN 'AGRICULTURE'
    WHEN r."addressed_to" ILIKE '%Tài chính%' THEN 'FINANCE'
    ELSE 'PROVINCE' END,
  "addressee_area" = CASE
    WHEN r."addressed_to" ILIKE '%Lao động%' OR r."addressed_to" ILIKE '%LĐ-TB%' THEN coalesce(
      (SELECT unit.district_code FROM (VALUES ('22738', '582'), ('22741', '582'), ('22744', '582'), ('22747', '582'), ('22750', '582'), ('22753', '582'), ('22756', '582'), ('22759', '582'), ('22762', '582'), ('22765', '582'), ('22768', '582'), ('22771', '582'), ('22774', '582'), ('22777', '582'), ('22779', '582'), ('22780', '582'), ('22783', '584'), ('22786', '584'), ('22789', '584'), ('22792', '584'), ('22795', '584'), ('22798', '584'), ('22801', '584'), ('22804', '584'), ('22807', '584'), ('22810', '585'), ('22813', '585'), ('22816', '585'), ('22819', '585'), ('22822', '585'), ('22825', '585'), ('22828', '585'), ('22831', '585'), ('22834', '586'), ('22846', '586'), ('22852', '586'), ('22855', '586'), ('22858', '586'), ('22861', '586'), ('22864', '586'), ('22867', '586'), ('22868', '586'), ('22870', '587'), ('22873', '587'), ('22876', '587'), ('22879', '587'), ('22882', '587'), ('22888', '587'), ('22891', '587'), ('22894', '587'), ('22912', '587'), ('22837', '588'), ('22840', '588'), ('22843', '588'), ('22849', '588'), ('22853', '588'), ('22856', '588'), ('22885', '589'), ('22897', '589'), ('22898', '589'), ('22900', '589'), ('22903', '589'), ('22906', '589'), ('22909', '589'), ('22910', '589')) AS unit(commune_code, district_code) WHERE unit.commune_code = r."commune_code"), '58')
    WHEN r."addressed_to" ILIKE '%Nông nghiệp%' OR r."addressed_to" ILIKE '%NN&PTNT%' OR r."addressed_to" ILIKE '%Tài chính%' THEN '58'
    ELSE r."commune_code" END;--> statement-breakpoint
-- Answered before resolutions had their own day: the answer's day stands for it.
UPDATE "front"."recommendations" SET "resolved_on" = "responded_on" WHERE "status" = 'RESOLVED';--> statement-breakpoint
ALTER TABLE "front"."recommendations" ALTER COLUMN "commune_code" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "front"."recommendations" ALTER COLUMN "addressee_department" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "front"."recommendations" ALTER COLUMN "addressee_area" SET NOT NULL;--> statement-breakpoint
-- Their history as far as it is known: made on the supervision's day, answered, resolved.
INSERT INTO "front"."recommendation_events" ("recommendation_id", "from_status", "to_status", "effective_on", "note", "recorded_by")
SELECT r."id", NULL, 'OPEN', s."supervised_on", NULL, 'migration' FROM "front"."recommendations" r JOIN "front"."supervisions" s ON s."id" = r."supervision_id"
UNION ALL SELECT r."id", 'OPEN', 'RESPONDED', r."responded_on", r."response", 'migration' FROM "front"."recommendations" r WHERE r."status" IN ('RESPONDED', 'RESOLVED') AND r."responded_on" IS NOT NULL
UNION ALL SELECT r."id", CASE WHEN r."responded_on" IS NULL THEN 'OPEN' ELSE 'RESPONDED' END, 'RESOLVED', coalesce(r."resolved_on", r."responded_on"), NULL, 'migration' FROM "front"."recommendations" r WHERE r."status" = 'RESOLVED' AND coalesce(r."resolved_on", r."responded_on") IS NOT NULL;--> statement-breakpoint
ALTER TABLE "front"."supervisions" ADD COLUMN "recorded_by" text;--> statement-breakpoint
ALTER TABLE "front"."criticism_opinions" ADD CONSTRAINT "criticism_opinions_criticism_id_social_criticisms_id_fk" FOREIGN KEY ("criticism_id") REFERENCES "front"."social_criticisms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "front"."fund_receipts" ADD CONSTRAINT "fund_receipts_unit_code_funds_unit_code_fk" FOREIGN KEY ("unit_code") REFERENCES "front"."funds"("unit_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "front"."fund_spendings" ADD CONSTRAINT "fund_spendings_unit_code_funds_unit_code_fk" FOREIGN KEY ("unit_code") REFERENCES "front"."funds"("unit_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "front"."recommendation_events" ADD CONSTRAINT "recommendation_events_recommendation_id_recommendations_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "front"."recommendations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commendations_place" ON "front"."commendations" USING btree ("place_code","awarded_on","id");--> statement-breakpoint
CREATE INDEX "commendations_model" ON "front"."commendations" USING btree ("model_id","awarded_on");--> statement-breakpoint
CREATE INDEX "consultations_model" ON "front"."consultations" USING btree ("model_id","held_on");--> statement-breakpoint
CREATE INDEX "criticism_opinions_criticism" ON "front"."criticism_opinions" USING btree ("criticism_id","position");--> statement-breakpoint
CREATE INDEX "fund_receipts_fund" ON "front"."fund_receipts" USING btree ("unit_code","received_on","id");--> statement-breakpoint
CREATE INDEX "fund_spendings_fund" ON "front"."fund_spendings" USING btree ("unit_code","spent_on","id");--> statement-breakpoint
CREATE INDEX "recommendation_events_recommendation" ON "front"."recommendation_events" USING btree ("recommendation_id","id");--> statement-breakpoint
CREATE INDEX "social_criticisms_place" ON "front"."social_criticisms" USING btree ("place_code","held_on","id");--> statement-breakpoint
CREATE INDEX "recommendations_area" ON "front"."recommendations" USING btree ("commune_code","status","due_date","id");--> statement-breakpoint
ALTER TABLE "front"."recommendations" ADD CONSTRAINT "recommendations_addressee_department" CHECK ("front"."recommendations"."addressee_department" in ('DOLISA', 'AGRICULTURE', 'FINANCE', 'ETHNIC', 'FRONT', 'PROVINCE'));
ALTER TABLE "dolisa"."plans" ADD COLUMN "parent_code" text;--> statement-breakpoint
ALTER TABLE "dolisa"."plans" ADD COLUMN "district_code" text;--> statement-breakpoint
ALTER TABLE "dolisa"."plans" ADD COLUMN "synthetic" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "dolisa"."plans" ADD CONSTRAINT "plans_parent_code_plans_code_fk" FOREIGN KEY ("parent_code") REFERENCES "dolisa"."plans"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "plans_parent" ON "dolisa"."plans" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "plans_district" ON "dolisa"."plans" USING btree ("district_code");
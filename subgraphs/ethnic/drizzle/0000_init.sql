CREATE SCHEMA "ethnic";
--> statement-breakpoint
CREATE TABLE "ethnic"."ethnic_area_classifications" (
	"commune_code" text NOT NULL,
	"region" text NOT NULL,
	"decision" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date,
	CONSTRAINT "ethnic_area_classifications_commune_code_valid_from_pk" PRIMARY KEY("commune_code","valid_from"),
	CONSTRAINT "ethnic_area_classifications_region" CHECK ("ethnic"."ethnic_area_classifications"."region" in ('REGION_I', 'REGION_II', 'REGION_III')),
	CONSTRAINT "ethnic_area_classifications_span" CHECK ("ethnic"."ethnic_area_classifications"."valid_until" is null or "ethnic"."ethnic_area_classifications"."valid_until" >= "ethnic"."ethnic_area_classifications"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "ethnic"."ethnic_groups" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"is_minority" boolean NOT NULL,
	CONSTRAINT "ethnic_groups_code_two_digits" CHECK ("ethnic"."ethnic_groups"."code" ~ '^[0-9]{2}$')
);
--> statement-breakpoint
CREATE INDEX "ethnic_area_classifications_in_force" ON "ethnic"."ethnic_area_classifications" USING btree ("valid_from","valid_until");
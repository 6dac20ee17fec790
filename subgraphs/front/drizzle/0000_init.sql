CREATE SCHEMA "front";
--> statement-breakpoint
CREATE TABLE "front"."recommendations" (
	"id" text PRIMARY KEY NOT NULL,
	"supervision_id" text NOT NULL,
	"text" text NOT NULL,
	"addressed_to" text NOT NULL,
	"due_date" date NOT NULL,
	"status" text NOT NULL,
	"response" text,
	"responded_on" date,
	"synthetic" boolean DEFAULT false NOT NULL,
	CONSTRAINT "recommendations_status" CHECK ("front"."recommendations"."status" in ('OPEN', 'RESPONDED', 'RESOLVED'))
);
--> statement-breakpoint
CREATE TABLE "front"."supervisions" (
	"id" text PRIMARY KEY NOT NULL,
	"level" text NOT NULL,
	"commune_code" text NOT NULL,
	"model_id" text,
	"supervised_on" date NOT NULL,
	"subject" text NOT NULL,
	"findings" text NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supervisions_level" CHECK ("front"."supervisions"."level" in ('PROVINCE', 'DISTRICT', 'COMMUNE'))
);
--> statement-breakpoint
ALTER TABLE "front"."recommendations" ADD CONSTRAINT "recommendations_supervision_id_supervisions_id_fk" FOREIGN KEY ("supervision_id") REFERENCES "front"."supervisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recommendations_supervision" ON "front"."recommendations" USING btree ("supervision_id","due_date");--> statement-breakpoint
CREATE INDEX "supervisions_commune" ON "front"."supervisions" USING btree ("commune_code","supervised_on");--> statement-breakpoint
CREATE INDEX "supervisions_model" ON "front"."supervisions" USING btree ("model_id","supervised_on");
CREATE TABLE "agriculture"."audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"subject" text NOT NULL,
	"department" text NOT NULL,
	"role" text NOT NULL,
	"area" text NOT NULL,
	"operation" text NOT NULL,
	"entity" text,
	"entity_key" text,
	"outcome" text NOT NULL,
	"reason" text,
	"before" jsonb,
	"after" jsonb,
	"units" text[],
	CONSTRAINT "audit_log_outcome" CHECK ("agriculture"."audit_log"."outcome" in ('OK', 'DENIED'))
);
--> statement-breakpoint
CREATE INDEX "audit_log_entity" ON "agriculture"."audit_log" USING btree ("entity","entity_key","id");--> statement-breakpoint
CREATE INDEX "audit_log_subject" ON "agriculture"."audit_log" USING btree ("subject","id");
-- 0010: the NAV Online Számla outbox: an invoice's report recorded before it is sent.
CREATE TABLE "nav_report" ("id" INTEGER NOT NULL PRIMARY KEY, "invoice_id" INTEGER NOT NULL, "operation" VARCHAR(255) NOT NULL, "status" VARCHAR(255) NOT NULL, "xml" TEXT NOT NULL, "request_id" VARCHAR(255), "transaction_id" VARCHAR(255), "batch_index" INTEGER, "messages" TEXT NOT NULL, "attempts" INTEGER NOT NULL, "sent_at" TEXT, "updated_at" TEXT NOT NULL, FOREIGN KEY ("invoice_id") REFERENCES "invoice" ("id") ON DELETE RESTRICT);
CREATE UNIQUE INDEX "nav_report_invoice_id" ON "nav_report" ("invoice_id");
CREATE INDEX "nav_report_status" ON "nav_report" ("status");

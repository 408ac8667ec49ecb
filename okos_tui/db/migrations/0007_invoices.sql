-- 0007: invoices, storno invoices and their lines, the invoice cart; stock documents name
-- the invoice that moved the goods.
CREATE TABLE "invoice" ("id" INTEGER NOT NULL PRIMARY KEY, "number" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "order_id" INTEGER NOT NULL, "original_id" INTEGER, "issued_on" DATE NOT NULL, "fulfilled_on" DATE NOT NULL, "due_on" DATE NOT NULL, "created_at" TEXT NOT NULL, "payment_method" TEXT NOT NULL, "currency" VARCHAR(255) NOT NULL, "seller_name" TEXT NOT NULL, "seller_address" TEXT NOT NULL, "seller_tax_number" VARCHAR(255) NOT NULL, "seller_bank_account" VARCHAR(255) NOT NULL, "seller_vat_exempt" INTEGER NOT NULL, "buyer_name" TEXT NOT NULL, "buyer_postcode" VARCHAR(255) NOT NULL, "buyer_city" TEXT NOT NULL, "buyer_street" TEXT NOT NULL, "buyer_country" TEXT NOT NULL, "buyer_tax_number" VARCHAR(255) NOT NULL, "buyer_email" VARCHAR(255) NOT NULL, "order_number" VARCHAR(255) NOT NULL, "shop_order_id" INTEGER, "net_total" INTEGER NOT NULL, "vat_total" INTEGER NOT NULL, "gross_total" INTEGER NOT NULL, "pdf_status" VARCHAR(255) NOT NULL, "pdf_path" TEXT NOT NULL, "pdf_error" TEXT NOT NULL, "email_status" VARCHAR(255) NOT NULL, "email_attempts" INTEGER NOT NULL, "email_error" TEXT NOT NULL, "email_sent_at" TEXT, FOREIGN KEY ("order_id") REFERENCES "sales_order" ("id") ON DELETE RESTRICT, FOREIGN KEY ("original_id") REFERENCES "invoice" ("id") ON DELETE RESTRICT);
CREATE UNIQUE INDEX "invoice_number" ON "invoice" ("number");
CREATE INDEX "invoice_order_id" ON "invoice" ("order_id");
CREATE UNIQUE INDEX "invoice_original_id" ON "invoice" ("original_id");
CREATE INDEX "invoice_pdf_status" ON "invoice" ("pdf_status");
CREATE INDEX "invoice_email_status" ON "invoice" ("email_status");
CREATE TABLE "invoice_line" ("id" INTEGER NOT NULL PRIMARY KEY, "invoice_id" INTEGER NOT NULL, "position" INTEGER NOT NULL, "product_id" INTEGER, "name" TEXT NOT NULL, "quantity" INTEGER NOT NULL, "unit" VARCHAR(255) NOT NULL, "unit_net" INTEGER NOT NULL, "vat_code" VARCHAR(255) NOT NULL, "vat_percent" INTEGER NOT NULL, "net" INTEGER NOT NULL, "vat" INTEGER NOT NULL, "gross" INTEGER NOT NULL, FOREIGN KEY ("invoice_id") REFERENCES "invoice" ("id") ON DELETE CASCADE, FOREIGN KEY ("product_id") REFERENCES "product" ("id") ON DELETE RESTRICT);
CREATE INDEX "invoice_line_invoice_id" ON "invoice_line" ("invoice_id");
CREATE INDEX "invoice_line_product_id" ON "invoice_line" ("product_id");
CREATE TABLE "cart_item" ("id" INTEGER NOT NULL PRIMARY KEY, "order_id" INTEGER NOT NULL, "added_at" TEXT NOT NULL, FOREIGN KEY ("order_id") REFERENCES "sales_order" ("id") ON DELETE CASCADE);
CREATE UNIQUE INDEX "cart_item_order_id" ON "cart_item" ("order_id");
ALTER TABLE "stock_document" ADD COLUMN "invoice_id" INTEGER;
CREATE INDEX "stock_document_invoice_id" ON "stock_document" ("invoice_id");

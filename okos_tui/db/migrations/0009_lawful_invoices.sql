-- 0009: what a lawful invoice and its NAV report need.
-- VAT codes get their category (a rate, exempt, or outside the scope of VAT) and the legal
-- ground printed on the invoice; "0%" has none (Hungary has no 0% domestic rate) and cannot be
-- invoiced until the line is given a code that has one.
ALTER TABLE "vat_rate" ADD COLUMN "category" VARCHAR(255) NOT NULL DEFAULT 'percentage';
ALTER TABLE "vat_rate" ADD COLUMN "reason" TEXT NOT NULL DEFAULT '';
INSERT OR IGNORE INTO "vat_rate" ("code", "rate", "exempt", "description") VALUES ('KBAET', 0, 1, 'Közösségen belüli termékértékesítés');
INSERT OR IGNORE INTO "vat_rate" ("code", "rate", "exempt", "description") VALUES ('KBAUK', 0, 1, 'Új közlekedési eszköz Közösségen belüli értékesítése');
INSERT OR IGNORE INTO "vat_rate" ("code", "rate", "exempt", "description") VALUES ('EAM', 0, 1, 'Termékexport');
INSERT OR IGNORE INTO "vat_rate" ("code", "rate", "exempt", "description") VALUES ('NAM', 0, 1, 'Nemzetközi ügylethez kapcsolódó adómentesség');
INSERT OR IGNORE INTO "vat_rate" ("code", "rate", "exempt", "description") VALUES ('ATK', 0, 1, 'Áfa tárgyi hatályán kívüli ügylet');
INSERT OR IGNORE INTO "vat_rate" ("code", "rate", "exempt", "description") VALUES ('EUFAD37', 0, 1, 'Másik tagállamban teljesített szolgáltatás, Áfa tv. 37. §');
INSERT OR IGNORE INTO "vat_rate" ("code", "rate", "exempt", "description") VALUES ('EUFADE', 0, 1, 'Másik tagállamban teljesített, fordítottan adózó ügylet');
INSERT OR IGNORE INTO "vat_rate" ("code", "rate", "exempt", "description") VALUES ('EUE', 0, 1, 'Másik tagállamban teljesített, nem fordítottan adózó ügylet');
INSERT OR IGNORE INTO "vat_rate" ("code", "rate", "exempt", "description") VALUES ('HO', 0, 1, 'Harmadik országban teljesített ügylet');
UPDATE "vat_rate" SET "category" = 'ungrounded', "exempt" = 0, "reason" = '' WHERE "code" = '0%';
UPDATE "vat_rate" SET "category" = 'exempt', "reason" = 'Alanyi adómentes – Áfa tv. 187. §' WHERE "code" = 'AAM';
UPDATE "vat_rate" SET "category" = 'exempt', "reason" = 'Tárgyi adómentes – Áfa tv. 85–87. §' WHERE "code" = 'TAM';
UPDATE "vat_rate" SET "category" = 'exempt', "reason" = 'Adómentes Közösségen belüli termékértékesítés – Áfa tv. 89. §' WHERE "code" = 'KBAET';
UPDATE "vat_rate" SET "category" = 'exempt', "reason" = 'Adómentes új közlekedési eszköz Közösségen belüli értékesítése – Áfa tv. 89. § (2)' WHERE "code" = 'KBAUK';
UPDATE "vat_rate" SET "category" = 'exempt', "reason" = 'Adómentes termékexport – Áfa tv. 98–109. §' WHERE "code" = 'EAM';
UPDATE "vat_rate" SET "category" = 'exempt', "reason" = 'Nemzetközi ügylethez kapcsolódó adómentesség – Áfa tv. 110–118. §' WHERE "code" = 'NAM';
UPDATE "vat_rate" SET "category" = 'out_of_scope', "reason" = 'Az áfa tárgyi hatályán kívüli ügylet – Áfa tv. 2. §' WHERE "code" = 'ATK';
UPDATE "vat_rate" SET "category" = 'out_of_scope', "reason" = 'Fordított adózás: a teljesítés helye másik tagállam – Áfa tv. 37. § (1)' WHERE "code" = 'EUFAD37';
UPDATE "vat_rate" SET "category" = 'out_of_scope', "reason" = 'A teljesítés helye másik tagállam, fordított adózás' WHERE "code" = 'EUFADE';
UPDATE "vat_rate" SET "category" = 'out_of_scope', "reason" = 'A teljesítés helye másik tagállam' WHERE "code" = 'EUE';
UPDATE "vat_rate" SET "category" = 'out_of_scope', "reason" = 'A teljesítés helye harmadik ország' WHERE "code" = 'HO';
UPDATE "vat_rate" SET "category" = 'ungrounded' WHERE "rate" = 0 AND "exempt" = 0 AND "code" <> '0%';
-- The buyer's country as an ISO code, its VAT status, when the order was paid, a fulfilment
-- date set by hand, the shop's exchange rate.
ALTER TABLE "sales_order" ADD COLUMN "billing_country_code" VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE "sales_order" ADD COLUMN "delivery_country_code" VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE "sales_order" ADD COLUMN "buyer_vat_status" VARCHAR(255) NOT NULL DEFAULT 'private';
ALTER TABLE "sales_order" ADD COLUMN "paid_on" DATE;
ALTER TABLE "sales_order" ADD COLUMN "fulfilment_on" DATE;
ALTER TABLE "sales_order" ADD COLUMN "exchange_rate" INTEGER;
UPDATE "sales_order" SET "billing_country_code" = 'HU' WHERE "billing_country" IN ('Hungary', 'Magyarország', 'HU', '');
UPDATE "sales_order" SET "delivery_country_code" = 'HU' WHERE "delivery_country" IN ('Hungary', 'Magyarország', 'HU', '');
UPDATE "sales_order" SET "buyer_vat_status" = 'domestic' WHERE "tax_number" GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[1-5]-[0-9][0-9]';
UPDATE "sales_order" SET "buyer_vat_status" = 'other' WHERE "tax_number" <> '' AND "buyer_vat_status" = 'private';
-- Retail receipts paid in cash are rounded to 0/5 Ft.
ALTER TABLE "retail_receipt" ADD COLUMN "rounding" INTEGER NOT NULL DEFAULT 0;
-- Invoices: the seller's structured address, the buyer's country code and VAT status, the
-- payment's code and date, the exchange rate (1 for HUF), the cash rounding, the header note;
-- lines: the VAT category with its legal ground, and whether the line is a service.
ALTER TABLE "invoice" ADD COLUMN "seller_postcode" VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE "invoice" ADD COLUMN "seller_city" TEXT NOT NULL DEFAULT '';
ALTER TABLE "invoice" ADD COLUMN "seller_street" TEXT NOT NULL DEFAULT '';
ALTER TABLE "invoice" ADD COLUMN "seller_country" VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE "invoice" ADD COLUMN "buyer_country_code" VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE "invoice" ADD COLUMN "buyer_vat_status" VARCHAR(255) NOT NULL DEFAULT 'private';
ALTER TABLE "invoice" ADD COLUMN "payment_code" VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE "invoice" ADD COLUMN "paid_on" DATE;
ALTER TABLE "invoice" ADD COLUMN "exchange_rate" INTEGER NOT NULL DEFAULT 1000000;
ALTER TABLE "invoice" ADD COLUMN "rounding" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "invoice" ADD COLUMN "header_note" TEXT NOT NULL DEFAULT '';
ALTER TABLE "invoice_line" ADD COLUMN "vat_category" VARCHAR(255) NOT NULL DEFAULT 'percentage';
ALTER TABLE "invoice_line" ADD COLUMN "vat_reason" TEXT NOT NULL DEFAULT '';
ALTER TABLE "invoice_line" ADD COLUMN "is_service" INTEGER NOT NULL DEFAULT 0;
UPDATE "invoice_line" SET "vat_category" = (SELECT "category" FROM "vat_rate" WHERE "vat_rate"."code" = "invoice_line"."vat_code"), "vat_reason" = (SELECT "reason" FROM "vat_rate" WHERE "vat_rate"."code" = "invoice_line"."vat_code") WHERE "vat_code" IN (SELECT "code" FROM "vat_rate");
UPDATE "invoice_line" SET "is_service" = 1 WHERE "product_id" IS NULL OR "product_id" IN (SELECT "id" FROM "product" WHERE "is_service" = 1);
CREATE TABLE "exchange_rate" ("id" INTEGER NOT NULL PRIMARY KEY, "currency" VARCHAR(255) NOT NULL, "valid_on" DATE NOT NULL, "rate" INTEGER NOT NULL);
CREATE UNIQUE INDEX "exchange_rate_currency_valid_on" ON "exchange_rate" ("currency", "valid_on");

-- 0008: stored facts no longer depend on the UI language.
-- Service products of the shop's fees and discounts are found by a code, not by their
-- translated name; the oldest such product of each kind (Hungarian or English name) keeps it.
ALTER TABLE "product" ADD COLUMN "service_code" VARCHAR(255);
CREATE UNIQUE INDEX "product_service_code" ON "product" ("service_code");
UPDATE "product" SET "service_code" = 'shipping' WHERE "id" = (SELECT MIN("id") FROM "product" WHERE "is_service" = 1 AND "name" IN ('Szállítási díj', 'Shipping fee'));
UPDATE "product" SET "service_code" = 'payment' WHERE "id" = (SELECT MIN("id") FROM "product" WHERE "is_service" = 1 AND "name" IN ('Kezelési költség', 'Handling fee'));
UPDATE "product" SET "service_code" = 'coupon' WHERE "id" = (SELECT MIN("id") FROM "product" WHERE "is_service" = 1 AND "name" IN ('Kupon kedvezmény', 'Coupon discount'));
UPDATE "product" SET "service_code" = 'loyalty' WHERE "id" = (SELECT MIN("id") FROM "product" WHERE "is_service" = 1 AND "name" IN ('Hűségpont beváltás', 'Loyalty points redeemed'));
-- A shop order's header note was its shop number, worded in the UI's language: the number is
-- the order's own shop_order_id, shown in the reader's language.
UPDATE "sales_order" SET "header_note" = '' WHERE "shop" IS NOT NULL AND "header_note" IN ('Webáruházi rendelésszám: ' || "shop_order_id", 'Shop order number: ' || "shop_order_id");

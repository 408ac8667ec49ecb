-- 0004: shop sync: cursor and lease per shop, the sync log, skipped shop orders; the shop's
-- dateUpdated and TOTAL on downloaded orders.
CREATE TABLE "shop_state" ("id" INTEGER NOT NULL PRIMARY KEY, "shop" VARCHAR(255) NOT NULL, "next_inner_id" INTEGER NOT NULL, "updated_since" VARCHAR(255) NOT NULL, "lease_owner" VARCHAR(255) NOT NULL, "lease_expires_at" TEXT, "last_success_at" TEXT);
CREATE UNIQUE INDEX "shop_state_shop" ON "shop_state" ("shop");
CREATE TABLE "sync_log" ("id" INTEGER NOT NULL PRIMARY KEY, "shop" VARCHAR(255) NOT NULL, "started_at" TEXT NOT NULL, "finished_at" TEXT, "status" VARCHAR(255) NOT NULL, "orders_imported" INTEGER NOT NULL, "orders_flagged" INTEGER NOT NULL, "orders_skipped" INTEGER NOT NULL, "warnings" TEXT NOT NULL, "errors" TEXT NOT NULL);
CREATE INDEX "sync_log_shop" ON "sync_log" ("shop");
CREATE TABLE "skipped_shop_order" ("id" INTEGER NOT NULL PRIMARY KEY, "shop" VARCHAR(255) NOT NULL, "inner_id" INTEGER NOT NULL, "reason" TEXT NOT NULL, "first_seen_at" TEXT NOT NULL, "attempts" INTEGER NOT NULL);
CREATE UNIQUE INDEX "skipped_shop_order_shop_inner_id" ON "skipped_shop_order" ("shop", "inner_id");
ALTER TABLE "sales_order" ADD COLUMN "shop_updated_at" VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE "sales_order" ADD COLUMN "shop_total" INTEGER;

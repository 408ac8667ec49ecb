-- 0005: stock and price push. The queue is filled by triggers in the same transaction as every
-- change that alters a product's free stock or price, so nothing can be forgotten or lost.
CREATE TABLE "connected_shop" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "push_stock" INTEGER NOT NULL);
CREATE UNIQUE INDEX "connected_shop_name" ON "connected_shop" ("name");
CREATE TABLE "shop_product" ("id" INTEGER NOT NULL PRIMARY KEY, "shop" VARCHAR(255) NOT NULL, "product_id" INTEGER NOT NULL, "shop_product_id" VARCHAR(255), "missing" INTEGER NOT NULL, FOREIGN KEY ("product_id") REFERENCES "product" ("id") ON DELETE CASCADE);
CREATE INDEX "shop_product_product_id" ON "shop_product" ("product_id");
CREATE UNIQUE INDEX "shop_product_shop_product_id" ON "shop_product" ("shop", "product_id");
CREATE TABLE "push_queue" ("id" INTEGER NOT NULL PRIMARY KEY, "shop" VARCHAR(255) NOT NULL, "product_id" INTEGER NOT NULL, "version" INTEGER NOT NULL, "queued_at" TEXT NOT NULL, "attempts" INTEGER NOT NULL, "last_error" TEXT NOT NULL, FOREIGN KEY ("product_id") REFERENCES "product" ("id") ON DELETE CASCADE);
CREATE INDEX "push_queue_product_id" ON "push_queue" ("product_id");
CREATE UNIQUE INDEX "push_queue_shop_product_id" ON "push_queue" ("shop", "product_id");
CREATE TRIGGER "push_on_stock_movement" AFTER INSERT ON "stock_movement"
BEGIN
    INSERT INTO "push_queue" ("shop", "product_id", "version", "queued_at", "attempts", "last_error")
    SELECT s."name", p."id", 1, strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000+00:00', 0, ''
    FROM "connected_shop" AS s JOIN "product" AS p ON p."id" = NEW."product_id"
    WHERE s."push_stock" = 1 AND p."is_service" = 0
    ON CONFLICT ("shop", "product_id")
    DO UPDATE SET "version" = "version" + 1, "queued_at" = excluded."queued_at";
END;
CREATE TRIGGER "push_on_order_line_insert" AFTER INSERT ON "sales_order_line"
BEGIN
    INSERT INTO "push_queue" ("shop", "product_id", "version", "queued_at", "attempts", "last_error")
    SELECT s."name", p."id", 1, strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000+00:00', 0, ''
    FROM "connected_shop" AS s JOIN "product" AS p ON p."id" = NEW."product_id"
    WHERE s."push_stock" = 1 AND p."is_service" = 0
    ON CONFLICT ("shop", "product_id")
    DO UPDATE SET "version" = "version" + 1, "queued_at" = excluded."queued_at";
END;
CREATE TRIGGER "push_on_order_line_update" AFTER UPDATE OF "quantity", "product_id" ON "sales_order_line"
BEGIN
    INSERT INTO "push_queue" ("shop", "product_id", "version", "queued_at", "attempts", "last_error")
    SELECT s."name", p."id", 1, strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000+00:00', 0, ''
    FROM "connected_shop" AS s JOIN "product" AS p ON p."id" = NEW."product_id"
    WHERE s."push_stock" = 1 AND p."is_service" = 0
    ON CONFLICT ("shop", "product_id")
    DO UPDATE SET "version" = "version" + 1, "queued_at" = excluded."queued_at";
    INSERT INTO "push_queue" ("shop", "product_id", "version", "queued_at", "attempts", "last_error")
    SELECT s."name", p."id", 1, strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000+00:00', 0, ''
    FROM "connected_shop" AS s JOIN "product" AS p ON p."id" = OLD."product_id"
    WHERE s."push_stock" = 1 AND p."is_service" = 0
    ON CONFLICT ("shop", "product_id")
    DO UPDATE SET "version" = "version" + 1, "queued_at" = excluded."queued_at";
END;
CREATE TRIGGER "push_on_order_line_delete" AFTER DELETE ON "sales_order_line"
BEGIN
    INSERT INTO "push_queue" ("shop", "product_id", "version", "queued_at", "attempts", "last_error")
    SELECT s."name", p."id", 1, strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000+00:00', 0, ''
    FROM "connected_shop" AS s JOIN "product" AS p ON p."id" = OLD."product_id"
    WHERE s."push_stock" = 1 AND p."is_service" = 0
    ON CONFLICT ("shop", "product_id")
    DO UPDATE SET "version" = "version" + 1, "queued_at" = excluded."queued_at";
END;
CREATE TRIGGER "push_on_order_status" AFTER UPDATE OF "status", "warehouse_id" ON "sales_order"
BEGIN
    INSERT INTO "push_queue" ("shop", "product_id", "version", "queued_at", "attempts", "last_error")
    SELECT s."name", p."id", 1, strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000+00:00', 0, ''
    FROM "connected_shop" AS s JOIN "sales_order_line" AS l ON l."order_id" = NEW."id" JOIN "product" AS p ON p."id" = l."product_id"
    WHERE s."push_stock" = 1 AND p."is_service" = 0
    ON CONFLICT ("shop", "product_id")
    DO UPDATE SET "version" = "version" + 1, "queued_at" = excluded."queued_at";
END;
CREATE TRIGGER "push_on_product_price" AFTER UPDATE OF "net_price", "purchase_price", "vat_rate_id" ON "product"
BEGIN
    INSERT INTO "push_queue" ("shop", "product_id", "version", "queued_at", "attempts", "last_error")
    SELECT s."name", p."id", 1, strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000+00:00', 0, ''
    FROM "connected_shop" AS s JOIN "product" AS p ON p."id" = NEW."id"
    WHERE s."push_stock" = 1 AND p."is_service" = 0
    ON CONFLICT ("shop", "product_id")
    DO UPDATE SET "version" = "version" + 1, "queued_at" = excluded."queued_at";
END;
CREATE TRIGGER "push_on_new_product" AFTER INSERT ON "product"
BEGIN
    INSERT INTO "push_queue" ("shop", "product_id", "version", "queued_at", "attempts", "last_error")
    SELECT s."name", p."id", 1, strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000+00:00', 0, ''
    FROM "connected_shop" AS s JOIN "product" AS p ON p."id" = NEW."id"
    WHERE s."push_stock" = 1 AND p."is_service" = 0
    ON CONFLICT ("shop", "product_id")
    DO UPDATE SET "version" = "version" + 1, "queued_at" = excluded."queued_at";
END;
CREATE TRIGGER "push_on_price_list_insert" AFTER INSERT ON "price_list_item"
BEGIN
    INSERT INTO "push_queue" ("shop", "product_id", "version", "queued_at", "attempts", "last_error")
    SELECT s."name", p."id", 1, strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000+00:00', 0, ''
    FROM "connected_shop" AS s JOIN "product" AS p ON p."id" = NEW."product_id"
    WHERE s."push_stock" = 1 AND p."is_service" = 0
    ON CONFLICT ("shop", "product_id")
    DO UPDATE SET "version" = "version" + 1, "queued_at" = excluded."queued_at";
END;
CREATE TRIGGER "push_on_price_list_update" AFTER UPDATE OF "net_price" ON "price_list_item"
BEGIN
    INSERT INTO "push_queue" ("shop", "product_id", "version", "queued_at", "attempts", "last_error")
    SELECT s."name", p."id", 1, strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000+00:00', 0, ''
    FROM "connected_shop" AS s JOIN "product" AS p ON p."id" = NEW."product_id"
    WHERE s."push_stock" = 1 AND p."is_service" = 0
    ON CONFLICT ("shop", "product_id")
    DO UPDATE SET "version" = "version" + 1, "queued_at" = excluded."queued_at";
END;

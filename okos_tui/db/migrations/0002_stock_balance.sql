-- 0002: stock_balance, the sum of stock movements per product and warehouse, kept by triggers.
-- Reports and the negative-stock check read it instead of adding up every movement each time.
CREATE TABLE "stock_balance" ("product_id" INTEGER NOT NULL, "warehouse_id" INTEGER NOT NULL, "quantity" INTEGER NOT NULL, PRIMARY KEY ("product_id", "warehouse_id"), FOREIGN KEY ("product_id") REFERENCES "product" ("id") ON DELETE CASCADE, FOREIGN KEY ("warehouse_id") REFERENCES "warehouse" ("id") ON DELETE CASCADE);
CREATE INDEX "stock_balance_product_id" ON "stock_balance" ("product_id");
CREATE INDEX "stock_balance_warehouse_id" ON "stock_balance" ("warehouse_id");
INSERT INTO "stock_balance" ("product_id", "warehouse_id", "quantity")
    SELECT "product_id", "warehouse_id", SUM("quantity") FROM "stock_movement"
    GROUP BY "product_id", "warehouse_id";
CREATE TRIGGER "stock_movement_balance_insert" AFTER INSERT ON "stock_movement"
BEGIN
    INSERT INTO "stock_balance" ("product_id", "warehouse_id", "quantity")
    VALUES (NEW."product_id", NEW."warehouse_id", NEW."quantity")
    ON CONFLICT ("product_id", "warehouse_id")
    DO UPDATE SET "quantity" = "quantity" + excluded."quantity";
END;
CREATE TRIGGER "stock_movement_balance_delete" AFTER DELETE ON "stock_movement"
BEGIN
    UPDATE "stock_balance" SET "quantity" = "quantity" - OLD."quantity"
    WHERE "product_id" = OLD."product_id" AND "warehouse_id" = OLD."warehouse_id";
END;
CREATE TRIGGER "stock_movement_balance_update"
AFTER UPDATE OF "product_id", "warehouse_id", "quantity" ON "stock_movement"
BEGIN
    UPDATE "stock_balance" SET "quantity" = "quantity" - OLD."quantity"
    WHERE "product_id" = OLD."product_id" AND "warehouse_id" = OLD."warehouse_id";
    INSERT INTO "stock_balance" ("product_id", "warehouse_id", "quantity")
    VALUES (NEW."product_id", NEW."warehouse_id", NEW."quantity")
    ON CONFLICT ("product_id", "warehouse_id")
    DO UPDATE SET "quantity" = "quantity" + excluded."quantity";
END;

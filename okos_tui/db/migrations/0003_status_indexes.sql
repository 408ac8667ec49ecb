-- 0003: open orders of one warehouse without reading the whole order history.
CREATE INDEX "sales_order_status_warehouse_id_created_at" ON "sales_order" ("status", "warehouse_id", "created_at");
CREATE INDEX "purchase_order_status_warehouse_id" ON "purchase_order" ("status", "warehouse_id");

-- 0006: the sync log records the push as well.
ALTER TABLE "sync_log" ADD COLUMN "products_pushed" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "sync_log" ADD COLUMN "push_failed" INTEGER NOT NULL DEFAULT 0;

-- The catalog's change stream (a transactional outbox): one row per committed price change, written in the same
-- transaction as the change under an advisory lock, so sequence order is commit order and a reader that sees seq N
-- has seen every change before it. Every instance polls it and applies each row to L1, L2 and its watermark.
CREATE TABLE catalog_changes (
    seq          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id   bigint      NOT NULL,
    version      bigint      NOT NULL,
    committed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX catalog_changes_committed_at ON catalog_changes (committed_at);

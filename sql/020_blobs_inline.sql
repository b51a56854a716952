-- 020_blobs_inline.sql - small files kept in the database. A file up to
-- blobs.inline_max bytes (128 KiB unless set) is stored in its row's
-- data, durable with the transaction that records it; larger files stay
-- in DIR/blobs with data NULL. See src/core/blob.h.

ALTER TABLE blobs ADD COLUMN data BLOB;

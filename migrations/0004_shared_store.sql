-- The shared store's offline outbox. When the PostgreSQL server cannot be reached, indexing goes on in
-- the embedded store and each file it changes is queued here, in the same transaction as the change.
-- A later sync replays the queue to the server; the server keeps a receipt per (origin, seq) in the
-- same transaction as the replayed writes, so a replay interrupted between the server's commit and the
-- queue's cleanup is recognised and never applied twice.

-- On the embedded store: the queue, one row per changed file (its current state is what gets sent).
CREATE TABLE outbox (
  seq           bigserial   PRIMARY KEY,
  op            text        NOT NULL CHECK (op IN ('write', 'delete')),
  repository    text        NOT NULL,
  path          text        NOT NULL,
  -- The file's content hash when it was queued (NULL for a delete or an unread file).
  content_hash  text,
  queued_at     timestamptz NOT NULL DEFAULT now()
);

-- On the embedded store: who this store is to the server, and how the last sync went.
CREATE TABLE sync_state (
  id               integer     PRIMARY KEY CHECK (id = 1),
  -- A random id naming this store in the server's receipts.
  origin           text        NOT NULL,
  -- The server last synced with, password redacted.
  server           text,
  last_sync_at     timestamptz,
  last_attempt_at  timestamptz,
  last_error       text,
  synced_total     bigint      NOT NULL DEFAULT 0
);

-- On the server: which queued changes of which embedded store have been applied.
CREATE TABLE outbox_receipts (
  origin        text        NOT NULL,
  seq           bigint      NOT NULL,
  repository    text        NOT NULL,
  path          text        NOT NULL,
  content_hash  text,
  applied_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (origin, seq)
);

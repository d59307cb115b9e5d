-- Usage trends in a narrow table of their own (issue 2). A trend can change in a run that changes no
-- file: the first unchanged re-index after a full one turns every trend from none to flat. On the
-- pattern row each such change rewrote the whole row (about 2 kB) and an entry in each of its indexes:
-- 72,660 rows for the Python standard library. A pattern without a row here has no trend yet.
-- No foreign key, as for the other per-pattern tables: a file's patterns are deleted and re-inserted
-- with the same ids on every rewrite, and their trends stay. Trends of patterns that are gone for good
-- are removed by the graph pass.
CREATE TABLE pattern_trends (
  pattern_id   text PRIMARY KEY,
  usage_trend  text NOT NULL CHECK (usage_trend IN ('increasing', 'flat', 'decreasing'))
);

INSERT INTO pattern_trends (pattern_id, usage_trend)
SELECT id, usage_trend FROM patterns WHERE usage_trend IS NOT NULL;

-- The old column stays, unread and no longer written: a backup made before this migration has it, and
-- a backup restores into any store with at least its migrations (the restore moves its trends here).
COMMENT ON COLUMN patterns.usage_trend IS 'Unused since migration 0008: trends are in pattern_trends.';

-- The pattern graph (issue 3): which state of a repository's files the graph pass last finished on,
-- so an index run that changed nothing skips the pass. The fingerprint covers every file row's path
-- and write time (any rewrite, addition or removal changes it); it is written only after the pass's
-- last write succeeded, so an interrupted or failed pass leaves the old fingerprint, which no longer
-- matches the files, and the next run builds the graph again.
-- Portable SQL: the same file runs on PGlite and on a PostgreSQL server (15 and later).

CREATE TABLE graph_state (
  repository   text        PRIMARY KEY,
  -- `files_fingerprint` of the files the last finished pass read (see storage/graph-current.ts).
  fingerprint  text        NOT NULL,
  -- The run the pass belonged to, and when it finished.
  run_id       integer,
  built_at     timestamptz NOT NULL DEFAULT now(),
  -- True once every usage-history point is older than the trend window: from then on every trend is
  -- `flat` until the next build, so a skipped pass need not recompute them.
  trends_settled boolean   NOT NULL DEFAULT false
);

-- The SIMILAR_TO pass: which state of a repository's files, and which settings, the pass last finished
-- on, so an index run that changed nothing skips it as it skips the graph pass (0006_graph_current.sql).
-- The fingerprint is the files fingerprint of graph_state's kind, read before the pass reads its
-- inputs, prefixed with the pass's version and settings; it is written only after the pass's edges are,
-- so an interrupted or failed pass, a file written meanwhile or other settings make the next run search.
-- Portable SQL: the same file runs on PGlite and on a PostgreSQL server (15 and later).

CREATE TABLE similar_state (
  repository   text        PRIMARY KEY,
  fingerprint  text        NOT NULL,
  -- The run the pass belonged to, and when it finished.
  run_id       integer,
  built_at     timestamptz NOT NULL DEFAULT now()
);

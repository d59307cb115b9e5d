-- Similarity (issue 4): one fingerprint per pattern, written in the same transaction as the pattern
-- and deleted with it (ON DELETE CASCADE). PostgreSQL stays the source of truth: the embedded vector
-- index loads from here, and a Qdrant collection is rebuilt from here when lost (`motif sync`).

CREATE TABLE pattern_vectors (
  pattern_id  text    PRIMARY KEY REFERENCES patterns (id) ON DELETE CASCADE,
  -- Model version (MODEL_VERSION in server/src/core/similarity/features.ts).
  model       text    NOT NULL,
  -- Unit-length float32 vector, little-endian, 4 bytes a dimension.
  vector      bytea   NOT NULL,
  -- Hash of the normalised token stream: equal for copies differing only in layout, comments,
  -- bound names and literals.
  ast_hash    text    NOT NULL,
  statements  integer NOT NULL,
  tokens      integer NOT NULL
);

CREATE INDEX pattern_vectors_ast_hash ON pattern_vectors (ast_hash);

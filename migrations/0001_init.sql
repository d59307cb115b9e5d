-- Motif's first schema: files (with the references each makes through its imports), patterns (every
-- field of the seed's JSON example, every metric and quality component), and index runs.
-- Portable SQL: the same file runs on PGlite and on a PostgreSQL server (15 and later).
-- Shaped for the write path, which rewrites a whole file at a time: JSON the store never looks inside
-- is `json` (kept as text, not converted to jsonb), a file's references are one value on its row (not
-- a row each), quality is scalar columns the usage pass can update alone, and only indexes that a
-- query uses exist.

CREATE TABLE files (
  repository      text        NOT NULL,
  path            text        NOT NULL,
  content_hash    text,
  size_bytes      bigint      NOT NULL DEFAULT 0,
  line_count      integer     NOT NULL DEFAULT 0,
  parse_errors    integer     NOT NULL DEFAULT 0,
  skip_reason     text,
  pattern_count   integer     NOT NULL DEFAULT 0,
  -- What the file references through its imports, for the usage pass: [[module, name, sites], …],
  -- module absolute (relative imports resolved), name '' for the module itself, sorted, no duplicates.
  import_refs     json        NOT NULL DEFAULT '[]',
  indexed_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (repository, path)
);

CREATE TABLE patterns (
  id                               text             PRIMARY KEY,
  repository                       text             NOT NULL,
  file_path                        text             NOT NULL,
  qualified_name                   text             NOT NULL,
  name                             text             NOT NULL,
  kind                             text             NOT NULL CHECK (kind IN ('function', 'method', 'class')),
  pattern_type                     text             NOT NULL
                                   CHECK (pattern_type IN ('function_pattern', 'class_pattern', 'design_pattern')),
  pattern_name                     text             NOT NULL CHECK (pattern_name <> ''),
  category                         text             NOT NULL,
  tags                             text[]           NOT NULL DEFAULT '{}',
  dependencies                     text[]           NOT NULL DEFAULT '{}',
  line_start                       integer          NOT NULL,
  line_end                         integer          NOT NULL CHECK (line_end >= line_start),
  signature                        text             NOT NULL,
  parameters                       json             NOT NULL DEFAULT '[]',
  return_annotation                text,
  decorators                       text[]           NOT NULL DEFAULT '{}',
  is_async                         boolean          NOT NULL DEFAULT false,
  docstring                        text,
  bases                            text[]           NOT NULL DEFAULT '{}',
  implementation                   text             NOT NULL,
  calls                            text[]           NOT NULL DEFAULT '{}',
  refs                             text[]           NOT NULL DEFAULT '{}',
  imports                          json             NOT NULL DEFAULT '[]',
  content_hash                     text             NOT NULL,
  -- Raw measurements.
  complexity                       integer          NOT NULL,
  complexity_rank                  text             NOT NULL,
  cognitive_complexity             integer          NOT NULL,
  max_nesting                      integer          NOT NULL,
  parameter_count                  integer          NOT NULL,
  sloc                             integer          NOT NULL,
  lloc                             integer          NOT NULL,
  comment_lines                    integer          NOT NULL,
  multi_lines                      integer          NOT NULL,
  halstead_volume                  double precision NOT NULL,
  maintainability_index            double precision NOT NULL,
  maintainability_rank             text             NOT NULL,
  has_docstring                    boolean          NOT NULL,
  fully_typed                      boolean          NOT NULL,
  coverage                         double precision
                                   CHECK (coverage IS NULL OR (coverage >= 0 AND coverage <= 1)),
  fan_out                          integer          NOT NULL,
  lcom4                            integer,
  -- Quality: per component its score (NULL = unknown, left out), configured and effective weight, and
  -- evidence; the total and the profile. The usage pass rewrites the reusability score and evidence and
  -- the total only.
  complexity_score                 double precision NOT NULL,
  documentation_score              double precision NOT NULL,
  test_coverage_score              double precision,
  reusability_score                double precision NOT NULL,
  maintainability_score            double precision NOT NULL,
  complexity_weight                double precision NOT NULL,
  documentation_weight             double precision NOT NULL,
  test_coverage_weight             double precision NOT NULL,
  reusability_weight               double precision NOT NULL,
  maintainability_weight           double precision NOT NULL,
  complexity_effective_weight      double precision NOT NULL,
  documentation_effective_weight   double precision NOT NULL,
  test_coverage_effective_weight   double precision NOT NULL,
  reusability_effective_weight     double precision NOT NULL,
  maintainability_effective_weight double precision NOT NULL,
  complexity_evidence              text             NOT NULL,
  documentation_evidence           text             NOT NULL,
  test_coverage_evidence           text             NOT NULL,
  reusability_evidence             text             NOT NULL,
  maintainability_evidence         text             NOT NULL,
  quality_score                    double precision NOT NULL
                                   CHECK (quality_score >= 0 AND quality_score <= 1),
  quality_profile                  text             NOT NULL,
  -- Usage.
  usage_count                      integer          NOT NULL DEFAULT 0,
  usage_files                      integer          NOT NULL DEFAULT 0,
  created_at                       timestamptz      NOT NULL DEFAULT now(),
  updated_at                       timestamptz      NOT NULL DEFAULT now(),
  -- file_path first: findAt and the file filter of listing name a file but no repository, and a file's
  -- rewrite and delete find its patterns through this index too.
  UNIQUE (file_path, repository, qualified_name)
  -- Every pattern belongs to a `files` row, but no foreign key says so: checking one costs a query per
  -- inserted pattern (a tenth of the write time). The store keeps the rule instead: it writes a file's
  -- row and patterns in one transaction and deletes them together.
);

-- Implementations too large to keep in the row (whole classes) go out of line uncompressed: compressing
-- them cost more write time than the space saved was worth. (An ALTER: PostgreSQL 15 has no STORAGE
-- clause in CREATE TABLE.)
ALTER TABLE patterns ALTER COLUMN implementation SET STORAGE EXTERNAL;

-- Listing's default order. No index on qualified_name: only `motif show` looks a name up, PostgreSQL 18
-- (PGlite) answers it by skip scan of the unique index above, and on older servers a scan of one table
-- for one command costs less than maintaining an index through every write and usage pass.
CREATE INDEX patterns_quality_idx ON patterns (quality_score DESC);

CREATE TABLE index_runs (
  id               serial      PRIMARY KEY,
  repository       text        NOT NULL,
  root             text        NOT NULL,
  started_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz,
  status           text        NOT NULL DEFAULT 'running'
                   CHECK (status IN ('running', 'completed', 'interrupted', 'failed')),
  files_seen       integer     NOT NULL DEFAULT 0,
  files_indexed    integer     NOT NULL DEFAULT 0,
  files_unchanged  integer     NOT NULL DEFAULT 0,
  files_skipped    integer     NOT NULL DEFAULT 0,
  files_removed    integer     NOT NULL DEFAULT 0,
  patterns         integer     NOT NULL DEFAULT 0,
  duration_ms      integer
);

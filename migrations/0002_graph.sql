-- The pattern graph (issue 3): relationships between patterns, design-pattern participation, what
-- each pattern references (for the graph pass), usage history per index run for trends, and external
-- usage events with the trigger that counts them.
-- Portable SQL: the same file runs on PGlite and on a PostgreSQL server (15 and later).
-- No foreign keys, as in 0001: a file's patterns are deleted and re-inserted (same ids) on every
-- rewrite, and a cascade would drop every edge touching the file. Each pass owns its edge types and
-- removes the edges of patterns that vanished (the graph pass: USES, EXTENDS, COMPOSED_OF; the
-- similarity pass: SIMILAR_TO).

CREATE TABLE relationships (
  repository   text             NOT NULL,
  -- Pattern id of the source.
  source_id    text             NOT NULL,
  -- Pattern id of the target when resolved; NULL for an external or unresolved name.
  target_id    text,
  -- What the target is called: dotted `module.Name` (also for external targets like `abc.ABC`).
  target_name  text             NOT NULL,
  type         text             NOT NULL CHECK (type IN ('USES', 'EXTENDS', 'COMPOSED_OF', 'SIMILAR_TO')),
  confidence   double precision NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
  -- Why: e.g. "calls pkg.db.connect (2 sites) through `from .db import connect`".
  evidence     text             NOT NULL DEFAULT '',
  -- A name-only guess (not resolved through imports or definitions); its confidence is below 1.
  is_guess     boolean          NOT NULL DEFAULT false,
  -- Reference sites behind a USES edge (1 for the other types).
  sites        integer          NOT NULL DEFAULT 1,
  created_at   timestamptz      NOT NULL DEFAULT now(),
  -- One edge per (source, type, target): the resolved id, or the name when there is none.
  target_key   text             GENERATED ALWAYS AS (coalesce(target_id, '=' || target_name)) STORED,
  PRIMARY KEY (source_id, type, target_key)
);

-- Incoming edges (`motif graph`, "used by"), and one repository's edges of one type (the passes' diffs).
CREATE INDEX relationships_target_idx ON relationships (target_id);
CREATE INDEX relationships_repository_type_idx ON relationships (repository, type);

-- Design-pattern detection and the graph pass's inputs, on the pattern rows (written with the file).
ALTER TABLE patterns
  -- Design patterns this definition takes part in: [{"name", "role", "confidence"}, …].
  ADD COLUMN design_patterns json NOT NULL DEFAULT '[]',
  -- On a `design_pattern` row: {"detector", "confidence", "evidence": [{"line", "text"}],
  -- "participants": [{"qualified_name", "role"}]}; NULL on other rows.
  ADD COLUMN design_detail json,
  -- What the definition references, resolved as far as its own file allows:
  -- [[module, name, sites, how], …] with how = call | ref | base | self.
  ADD COLUMN outgoing json NOT NULL DEFAULT '[]',
  -- Usage beyond static references: external events counted by the trigger below.
  ADD COLUMN event_count integer NOT NULL DEFAULT 0,
  ADD COLUMN last_used_at timestamptz,
  ADD COLUMN used_by_agents text[] NOT NULL DEFAULT '{}',
  -- increasing | flat | decreasing, from `pattern_usage_history`; NULL before a second run.
  ADD COLUMN usage_trend text CHECK (usage_trend IS NULL OR usage_trend IN ('increasing', 'flat', 'decreasing')),
  -- A profile other than the default (e.g. `onex`) scores other components: they are kept here as
  -- {"component": {"score", "weight", "effective_weight", "evidence"}, …}; NULL for the default profile.
  ADD COLUMN profile_components json;

-- Module-level `from m import name [as local]` bindings of a file, for following re-exports
-- (`pkg/__init__.py`: `from .core import Engine`): [[local, absolute module, name], …].
ALTER TABLE files ADD COLUMN reexports json NOT NULL DEFAULT '[]';

-- Static usage per pattern per index run, written when the figures change (so a pattern whose usage
-- never changes costs one row); the figure as of run R is the latest row with run_id <= R.
CREATE TABLE pattern_usage_history (
  pattern_id   text    NOT NULL,
  run_id       integer NOT NULL,
  usage_count  integer NOT NULL,
  usage_files  integer NOT NULL,
  PRIMARY KEY (pattern_id, run_id)
);

-- Uses from outside the code (the seed's manifest-injection trigger): an agent or editor took the pattern.
CREATE TABLE pattern_usage_events (
  id           bigserial   PRIMARY KEY,
  pattern_id   text        NOT NULL,
  agent        text        NOT NULL CHECK (agent <> ''),
  context      text,
  occurred_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pattern_usage_events_pattern_idx ON pattern_usage_events (pattern_id);

CREATE FUNCTION motif_count_usage_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE patterns SET
    usage_count = usage_count + 1,
    event_count = event_count + 1,
    last_used_at = greatest(coalesce(last_used_at, NEW.occurred_at), NEW.occurred_at),
    used_by_agents = CASE WHEN NEW.agent = ANY (used_by_agents) THEN used_by_agents
                          ELSE array_append(used_by_agents, NEW.agent) END
  WHERE id = NEW.pattern_id;
  RETURN NEW;
END;
$$;

CREATE TRIGGER pattern_usage_events_count
AFTER INSERT ON pattern_usage_events
FOR EACH ROW EXECUTE FUNCTION motif_count_usage_event();

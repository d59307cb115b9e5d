-- One PostgreSQL for a team's Motif: a login role that owns a schema where Motif's migrations create
-- its tables. Run as a superuser (psql -f docs/postgres-setup.sql), after replacing CHANGE-ME.
-- Motif needs nothing more: it creates and migrates its tables itself (so it owns them, which restore
-- needs to switch triggers off and TRUNCATE), takes advisory locks (no grant needed), and reads the
-- catalog (public to every role). test/storage/postgres-setup.test.ts runs Motif with exactly these grants.
-- Optional: motif_reader, for people and tools that only look (list, show, search, stats, validate, graph,
-- db backup, the dashboard): it can read every Motif table, now and after upgrades, and change none.
-- Migrations of a new Motif version are applied by the motif role, the first time it connects.

CREATE ROLE motif LOGIN PASSWORD 'CHANGE-ME';
CREATE ROLE motif_reader LOGIN PASSWORD 'CHANGE-ME-TOO';
CREATE DATABASE motif;
REVOKE ALL ON DATABASE motif FROM PUBLIC;
GRANT CONNECT ON DATABASE motif TO motif, motif_reader;

\connect motif

-- Motif's tables live in their own schema, owned by the motif role; it is first on the role's search path.
CREATE SCHEMA motif AUTHORIZATION motif;
ALTER ROLE motif IN DATABASE motif SET search_path = motif;

-- The reader: the schema, and SELECT on every table the motif role creates in it (Motif creates them all).
GRANT USAGE ON SCHEMA motif TO motif_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE motif IN SCHEMA motif GRANT SELECT ON TABLES TO motif_reader;
ALTER ROLE motif_reader IN DATABASE motif SET search_path = motif;

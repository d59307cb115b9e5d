-- One PostgreSQL for a team's Motif: a login role that owns a schema where Motif's migrations create
-- its tables. Run as a superuser (psql -f docs/postgres-setup.sql), after replacing CHANGE-ME.
-- Motif needs nothing more: it creates and migrates its tables itself (so it owns them, which restore
-- needs to switch triggers off and TRUNCATE), takes advisory locks (no grant needed), and reads the
-- catalog (public to every role). test/storage/postgres-setup.test.ts runs Motif with exactly these grants.

CREATE ROLE motif LOGIN PASSWORD 'CHANGE-ME';
CREATE DATABASE motif;
REVOKE ALL ON DATABASE motif FROM PUBLIC;
GRANT CONNECT ON DATABASE motif TO motif;

\connect motif

-- Motif's tables live in their own schema, owned by the motif role; it is first on the role's search path.
CREATE SCHEMA motif AUTHORIZATION motif;
ALTER ROLE motif IN DATABASE motif SET search_path = motif;

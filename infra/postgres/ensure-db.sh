#!/usr/bin/env bash
# Creates the database named in DATABASE_URL when it is missing. Uses node + pg (already a
# dependency) rather than psql, which a user's machine may not have.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

cd "$FOREWARN_ROOT/packages/testkit"
node --input-type=module -e '
import pg from "pg";
const url = new URL(process.env.DATABASE_URL);
const db = decodeURIComponent(url.pathname.slice(1));
if (!/^[A-Za-z0-9_]+$/.test(db)) { console.error(`refusing odd database name ${db}`); process.exit(1); }
const admin = new URL(url); admin.pathname = "/postgres";
const c = new pg.Client({ connectionString: admin.toString() });
try { await c.connect(); } catch (e) { console.error(`PostgreSQL at ${url.host} does not answer: ${e.message}`); process.exit(1); }
const { rowCount } = await c.query("select 1 from pg_database where datname = $1", [db]);
if (rowCount === 0) { await c.query(`create database "${db}"`); console.error(`[forewarn] created database ${db}`); }
await c.end();
' || die "could not ensure database from DATABASE_URL=$DATABASE_URL"

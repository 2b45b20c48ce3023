#!/usr/bin/env bash
# Creates the bundled local example database (driftwatch_local) in the machine's PostgreSQL if missing:
# Supabase prerequisites, then every migration of config/supabase/migrations not yet applied, recorded in
# supabase_migrations.schema_migrations as the Supabase CLI does, and a read-only role for driftwatch.
# Installs and starts PostgreSQL when this machine has none. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../.."

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
DB=${DRIFTWATCH_LOCAL_DB:-driftwatch_local}
PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
export PGHOST PGPORT PGUSER PGOPTIONS

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v psql >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "setup-db: installing PostgreSQL (Debian package postgresql)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
  echo "setup-db: starting PostgreSQL"
  cluster_version=$(ls /etc/postgresql | sort -V | tail -n 1)
  as_root pg_ctlcluster --skip-systemctl-redirect "$cluster_version" main start || as_root service postgresql start
  for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 1; done
fi

psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

if [ "$(psql_q -d postgres -tAc "select 1 from pg_database where datname = '$DB'")" != 1 ]; then
  echo "setup-db: creating database $DB"
  psql_q -d postgres -c "create database $DB"
fi
psql_q -d "$DB" -f config/local/bootstrap.sql >/dev/null

applied=$(psql_q -d "$DB" -tAc "select version from supabase_migrations.schema_migrations")
count=0
for file in config/supabase/migrations/*.sql; do
  name=$(basename "$file" .sql)
  version=${name%%_*}
  if ! grep -qx "$version" <<<"$applied"; then
    psql_q -d "$DB" -1 -f "$file" \
      -c "insert into supabase_migrations.schema_migrations (version, name) values ('$version', '${name#*_}')" >/dev/null
    count=$((count + 1))
  fi
done
echo "setup-db: $DB ready ($count migrations applied now)"

psql_q -d "$DB" >/dev/null <<'SQL'
do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'driftwatch_ro') then
    create role driftwatch_ro login;
  end if;
end $$;
grant usage on schema supabase_migrations to driftwatch_ro;
grant select on supabase_migrations.schema_migrations to driftwatch_ro;
SQL

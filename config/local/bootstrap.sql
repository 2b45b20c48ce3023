-- driftwatch local bootstrap
--
-- Prerequisites that every hosted Supabase project already has but a plain
-- PostgreSQL server does not: the API roles, the auth helper functions the
-- RLS policies call, and the migration-history table the Supabase CLI keeps.
--
-- Run as a superuser, before applying config/supabase/migrations/*.sql:
--   psql -v ON_ERROR_STOP=1 -f config/local/bootstrap.sql
--
-- Safe to run repeatedly, and against a cluster where another database has
-- already created the (cluster-wide) roles.
--
-- No extensions are needed: gen_random_uuid() is built in since PostgreSQL 13
-- and the migrations do not use pgcrypto's digest()/crypt().

-- ---------------------------------------------------------------------------
-- API roles (cluster-wide). The duplicate_object handler covers the race where
-- two sessions bootstrap different databases at the same time.
-- ---------------------------------------------------------------------------
do $$
begin
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'anon') then
    begin
      create role anon nologin noinherit;
    exception when duplicate_object then
      null;
    end;
  end if;
end
$$;

do $$
begin
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'authenticated') then
    begin
      create role authenticated nologin noinherit;
    exception when duplicate_object then
      null;
    end;
  end if;
end
$$;

do $$
begin
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'service_role') then
    begin
      create role service_role nologin noinherit bypassrls;
    exception when duplicate_object then
      null;
    end;
  end if;
end
$$;

-- ---------------------------------------------------------------------------
-- auth schema: the two helpers RLS policies use. Same semantics as Supabase:
-- read the legacy per-claim GUC first, then fall back to the JSON claims GUC.
-- ---------------------------------------------------------------------------
create schema if not exists auth;

create or replace function auth.role()
returns text
language sql
stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

create or replace function auth.uid()
returns uuid
language sql
stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

comment on function auth.role() is 'Role claim of the current request JWT (anon, authenticated, service_role).';
comment on function auth.uid() is 'Subject (user id) claim of the current request JWT.';

grant usage on schema auth to anon, authenticated, service_role;
grant execute on function auth.role() to anon, authenticated, service_role;
grant execute on function auth.uid() to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- public schema grants, as Supabase configures them. Table-level access is
-- then governed by the RLS policies in the migrations.
-- ---------------------------------------------------------------------------
grant usage on schema public to anon, authenticated, service_role;

alter default privileges in schema public
  grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public
  grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public
  grant all on functions to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Migration history, exactly as the Supabase CLI creates it.
-- ---------------------------------------------------------------------------
create schema if not exists supabase_migrations;

create table if not exists supabase_migrations.schema_migrations (
  version text not null primary key
);
alter table supabase_migrations.schema_migrations add column if not exists statements text[];
alter table supabase_migrations.schema_migrations add column if not exists name text;

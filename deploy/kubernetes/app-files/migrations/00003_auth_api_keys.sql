-- 00003_auth_api_keys
-- Platform API keys (dashboard / management API). Only hashes are stored.

create type public.key_status as enum ('active', 'revoked', 'expired', 'suspended');

create table public.auth_api_keys (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  agent_id uuid references public.agents (id) on delete cascade,
  name varchar(100) not null,
  key_prefix varchar(16) not null,
  key_hash text not null,
  permissions text[] not null default '{}',
  status public.key_status not null default 'active',
  revoked boolean not null default false,
  revoked_at timestamptz,
  revoked_reason text,
  expires_at timestamptz,
  last_used_at timestamptz,
  last_used_ip inet,
  usage_count bigint not null default 0,
  allowed_origins text[] not null default '{}',
  metadata jsonb not null default '{}'::jsonb,
  created_by uuid references public.accounts (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint auth_api_keys_revoked_consistency check (not revoked or revoked_at is not null)
);

create unique index auth_api_keys_key_hash_key on public.auth_api_keys (key_hash);
create index auth_api_keys_account_id_idx on public.auth_api_keys (account_id);
create index auth_api_keys_agent_id_idx on public.auth_api_keys (agent_id);
create index auth_api_keys_key_prefix_idx on public.auth_api_keys (key_prefix);
create index auth_api_keys_active_idx on public.auth_api_keys (account_id) where not revoked;
create index auth_api_keys_expires_at_idx on public.auth_api_keys (expires_at) where expires_at is not null;

create table public.auth_api_key_events (
  id bigint generated always as identity primary key,
  api_key_id uuid not null references public.auth_api_keys (id) on delete cascade,
  account_id uuid not null references public.accounts (id) on delete cascade,
  event_type varchar(32) not null,
  ip_address inet,
  user_agent text,
  request_id uuid,
  details jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);

create index auth_api_key_events_api_key_id_idx on public.auth_api_key_events (api_key_id);
create index auth_api_key_events_account_created_idx on public.auth_api_key_events (account_id, created_at desc);
create index auth_api_key_events_event_type_idx on public.auth_api_key_events (event_type);

create trigger auth_api_keys_touch_updated_at
  before update on public.auth_api_keys
  for each row execute function public.touch_updated_at();

alter table public.auth_api_keys enable row level security;
alter table public.auth_api_keys force row level security;
alter table public.auth_api_key_events enable row level security;

create policy "service role manages keys" on public.auth_api_keys
  for all to service_role
  using (auth.role() = 'service_role')
  with check (auth.role() = 'service_role');

create policy "owners read their keys" on public.auth_api_keys
  for select to authenticated
  using (account_id = auth.uid());

create policy "owners revoke their keys" on public.auth_api_keys
  for update to authenticated
  using (account_id = auth.uid())
  with check (account_id = auth.uid());

create policy "owners read their key events" on public.auth_api_key_events
  for select to authenticated
  using (account_id = auth.uid());

-- 00004_sessions
-- Dashboard sessions, login auditing and password reset tokens.

create table public.sessions (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  refresh_token_hash text not null,
  user_agent text,
  ip_address inet,
  device_name varchar(120),
  country_code varchar(2),
  aal varchar(8) not null default 'aal1',
  is_revoked boolean not null default false,
  revoked_at timestamptz,
  expires_at timestamptz not null,
  last_refreshed_at timestamptz,
  refreshed_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint sessions_aal_check check (aal in ('aal1', 'aal2', 'aal3'))
);

create index sessions_refresh_token_hash_idx on public.sessions (refresh_token_hash);
create index sessions_account_id_idx on public.sessions (account_id);
create index sessions_expires_at_idx on public.sessions (expires_at);
create index sessions_active_idx on public.sessions (account_id, last_refreshed_at desc) where not is_revoked;

create table public.login_attempts (
  id bigint generated always as identity primary key,
  email varchar(320),
  account_id uuid references public.accounts (id) on delete set null,
  ip_address inet,
  user_agent text,
  succeeded boolean not null,
  failure_reason varchar(64),
  country_code varchar(2),
  risk_score integer,
  mfa_used boolean not null default false,
  attempted_at timestamptz not null default now()
);

create index login_attempts_email_idx on public.login_attempts (lower(email), attempted_at desc);
create index login_attempts_ip_address_idx on public.login_attempts (ip_address, attempted_at desc);
create index login_attempts_account_id_idx on public.login_attempts (account_id);
create index login_attempts_attempted_at_idx on public.login_attempts (attempted_at);

create table public.password_resets (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  token_hash text not null,
  requested_ip inet,
  requested_user_agent text,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);

create unique index password_resets_token_hash_key on public.password_resets (token_hash);
create index password_resets_account_id_idx on public.password_resets (account_id);
create index password_resets_expires_at_idx on public.password_resets (expires_at) where used_at is null;

create trigger sessions_touch_updated_at
  before update on public.sessions
  for each row execute function public.touch_updated_at();

alter table public.sessions enable row level security;
alter table public.sessions force row level security;
alter table public.login_attempts enable row level security;
alter table public.password_resets enable row level security;

create policy "owners read their sessions" on public.sessions
  for select to authenticated
  using (account_id = auth.uid());

create policy "service role manages sessions" on public.sessions
  for all to service_role
  using (auth.role() = 'service_role')
  with check (auth.role() = 'service_role');

create policy "service role manages password resets" on public.password_resets
  for all to service_role
  using (auth.role() = 'service_role')
  with check (auth.role() = 'service_role');

-- 00008_model_providers
-- Upstream LLM providers, the credentials used to call them, and health probes.

create table public.model_providers (
  id uuid primary key default gen_random_uuid(),
  slug varchar(64) not null,
  name varchar(120) not null,
  website_url text,
  api_base_url text not null,
  docs_url text,
  status varchar(16) not null default 'active',
  supports_streaming boolean not null default true,
  supports_tools boolean not null default false,
  supports_vision boolean not null default false,
  default_timeout_ms integer not null default 60000,
  priority integer not null default 100,
  regions text[] not null default '{}',
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint model_providers_status_check check (status in ('active', 'degraded', 'disabled'))
);

create unique index model_providers_slug_key on public.model_providers (slug);
create index model_providers_status_idx on public.model_providers (status);
create index model_providers_priority_idx on public.model_providers (priority) where status <> 'disabled';

create table public.provider_credentials (
  id uuid primary key default gen_random_uuid(),
  provider_id uuid not null references public.model_providers (id) on delete cascade,
  label varchar(100) not null,
  encrypted_secret text not null,
  secret_fingerprint varchar(64) not null,
  region varchar(32),
  is_active boolean not null default true,
  rotated_at timestamptz,
  expires_at timestamptz,
  monthly_quota numeric(14,4),
  used_this_month numeric(14,4) not null default 0,
  created_by uuid references public.accounts (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create unique index provider_credentials_fingerprint_key on public.provider_credentials (secret_fingerprint);
create index provider_credentials_provider_id_idx on public.provider_credentials (provider_id);
create index provider_credentials_active_idx on public.provider_credentials (provider_id, region) where is_active;

create table public.provider_health_checks (
  id bigint generated always as identity primary key,
  provider_id uuid not null references public.model_providers (id) on delete cascade,
  region varchar(32),
  model_id text,
  probe_type varchar(16) not null default 'completion',
  checked_at timestamptz not null default now(),
  latency_ms integer,
  status_code integer,
  is_healthy boolean not null,
  error_message text,
  details jsonb not null default '{}'::jsonb
);

create index provider_health_checks_provider_checked_idx on public.provider_health_checks (provider_id, checked_at desc);
create index provider_health_checks_unhealthy_idx on public.provider_health_checks (checked_at desc) where not is_healthy;

create trigger model_providers_touch_updated_at
  before update on public.model_providers
  for each row execute function public.touch_updated_at();
create trigger provider_credentials_touch_updated_at
  before update on public.provider_credentials
  for each row execute function public.touch_updated_at();

alter table public.model_providers enable row level security;
alter table public.provider_credentials enable row level security;
alter table public.provider_credentials force row level security;
alter table public.provider_health_checks enable row level security;

create policy "providers are readable by everyone" on public.model_providers
  for select to anon, authenticated
  using (status <> 'disabled' and auth.role() in ('anon', 'authenticated'));

create policy "service role manages provider credentials" on public.provider_credentials
  for all to service_role
  using (auth.role() = 'service_role')
  with check (auth.role() = 'service_role');

create policy "signed-in users read provider health" on public.provider_health_checks
  for select to authenticated
  using (auth.uid() is not null);

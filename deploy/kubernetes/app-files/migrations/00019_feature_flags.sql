-- 00019_feature_flags
-- Feature flags, per-account/org overrides and experiments.

create table public.feature_flags (
  id uuid primary key default gen_random_uuid(),
  key varchar(100) not null,
  description text,
  is_enabled boolean not null default false,
  rollout_percentage integer not null default 0,
  rules jsonb not null default '[]'::jsonb,
  variants jsonb not null default '{}'::jsonb,
  default_variant varchar(64),
  client_visible boolean not null default false,
  owner_team varchar(64),
  tags text[] not null default '{}',
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint feature_flags_rollout_check check (rollout_percentage between 0 and 100)
);

create unique index feature_flags_key_key on public.feature_flags (key);

create table public.feature_flag_overrides (
  id uuid primary key default gen_random_uuid(),
  flag_id uuid not null references public.feature_flags (id) on delete cascade,
  account_id uuid references public.accounts (id) on delete cascade,
  organization_id uuid references public.organizations (id) on delete cascade,
  value boolean not null,
  variant varchar(64),
  reason text,
  created_by uuid references public.accounts (id) on delete set null,
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  constraint feature_flag_overrides_target_check check (num_nonnulls(account_id, organization_id) = 1)
);

create unique index feature_flag_overrides_flag_account_key on public.feature_flag_overrides (flag_id, account_id) where account_id is not null;
create unique index feature_flag_overrides_flag_org_key on public.feature_flag_overrides (flag_id, organization_id) where organization_id is not null;
create index feature_flag_overrides_account_id_idx on public.feature_flag_overrides (account_id);
create index feature_flag_overrides_organization_id_idx on public.feature_flag_overrides (organization_id);

create table public.experiments (
  id uuid primary key default gen_random_uuid(),
  flag_id uuid references public.feature_flags (id) on delete set null,
  key varchar(100) not null,
  name varchar(200) not null,
  hypothesis text,
  status varchar(16) not null default 'draft',
  variants jsonb not null default '[]'::jsonb,
  traffic_allocation numeric(5,2) not null default 100,
  primary_metric varchar(100),
  secondary_metrics text[] not null default '{}',
  started_at timestamptz,
  ended_at timestamptz,
  results jsonb,
  created_by uuid references public.accounts (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint experiments_status_check check (status in ('draft', 'running', 'paused', 'completed'))
);

create unique index experiments_key_key on public.experiments (key);
create index experiments_flag_id_idx on public.experiments (flag_id);
create index experiments_status_idx on public.experiments (status);

create trigger feature_flags_touch_updated_at
  before update on public.feature_flags
  for each row execute function public.touch_updated_at();
create trigger experiments_touch_updated_at
  before update on public.experiments
  for each row execute function public.touch_updated_at();

alter table public.feature_flags enable row level security;
alter table public.feature_flag_overrides enable row level security;
alter table public.experiments enable row level security;

create policy "client-visible flags are readable" on public.feature_flags
  for select to anon, authenticated
  using (client_visible and auth.role() in ('anon', 'authenticated'));

create policy "service role manages experiments" on public.experiments
  for all to service_role
  using (auth.role() = 'service_role')
  with check (auth.role() = 'service_role');

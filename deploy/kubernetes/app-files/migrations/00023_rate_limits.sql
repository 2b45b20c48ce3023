-- 00023_rate_limits
-- Quota policies per plan, per-account/key overrides, and limiter buckets.

create table public.quota_policies (
  id uuid primary key default gen_random_uuid(),
  name varchar(100) not null,
  scope varchar(16) not null default 'account',
  plan_id varchar(64) references public.plans (id) on delete cascade,
  requests_per_minute integer,
  tokens_per_minute integer,
  requests_per_day integer,
  monthly_token_quota bigint,
  monthly_spend_cap numeric(12,4),
  concurrent_requests integer,
  is_default boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint quota_policies_scope_check check (scope in ('account', 'organization', 'key', 'ip'))
);

create unique index quota_policies_name_key on public.quota_policies (name);
create index quota_policies_plan_id_idx on public.quota_policies (plan_id);

create table public.rate_limit_overrides (
  id uuid primary key default gen_random_uuid(),
  account_id uuid references public.accounts (id) on delete cascade,
  api_key_id uuid references public.tokenhall_api_keys (id) on delete cascade,
  model_id text references public.models (id) on delete cascade,
  requests_per_minute integer,
  tokens_per_minute integer,
  requests_per_day integer,
  burst integer,
  reason text,
  ticket_reference varchar(64),
  starts_at timestamptz not null default now(),
  expires_at timestamptz,
  created_by uuid references public.accounts (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint rate_limit_overrides_target_check check (account_id is not null or api_key_id is not null)
);

create index rate_limit_overrides_account_id_idx on public.rate_limit_overrides (account_id);
create index rate_limit_overrides_api_key_id_idx on public.rate_limit_overrides (api_key_id);
create index rate_limit_overrides_expires_at_idx on public.rate_limit_overrides (expires_at) where expires_at is not null;

create table public.rate_limit_buckets (
  id bigint generated always as identity primary key,
  bucket_key varchar(200) not null,
  window_start timestamptz not null,
  window_seconds integer not null default 60,
  request_count integer not null default 0,
  token_count bigint not null default 0,
  blocked_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  expires_at timestamptz not null
);

create unique index rate_limit_buckets_key_window_key on public.rate_limit_buckets (bucket_key, window_start);
create index rate_limit_buckets_expires_at_idx on public.rate_limit_buckets (expires_at);

create trigger quota_policies_touch_updated_at
  before update on public.quota_policies
  for each row execute function public.touch_updated_at();
create trigger rate_limit_overrides_touch_updated_at
  before update on public.rate_limit_overrides
  for each row execute function public.touch_updated_at();

alter table public.quota_policies enable row level security;
alter table public.rate_limit_overrides enable row level security;
alter table public.rate_limit_buckets enable row level security;

create policy "signed-in users read quota policies" on public.quota_policies
  for select to authenticated
  using (auth.role() = 'authenticated');

create policy "owners read their rate limit overrides" on public.rate_limit_overrides
  for select to authenticated
  using (account_id = auth.uid());

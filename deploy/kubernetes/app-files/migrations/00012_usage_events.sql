-- 00012_usage_events
-- One row per metered request, plus a daily rollup maintained by a cron job.

create table public.usage_events (
  id bigint generated always as identity primary key,
  account_id uuid not null references public.accounts (id) on delete cascade,
  agent_id uuid references public.agents (id) on delete set null,
  api_key_id uuid references public.tokenhall_api_keys (id) on delete set null,
  project_id uuid references public.projects (id) on delete set null,
  model_id text references public.models (id) on delete set null,
  provider_id uuid references public.model_providers (id) on delete set null,
  request_id uuid not null,
  input_tokens integer not null default 0,
  output_tokens integer not null default 0,
  cached_tokens integer not null default 0,
  reasoning_tokens integer not null default 0,
  cost numeric(14,8) not null default 0,
  upstream_cost numeric(14,8),
  latency_ms integer,
  status varchar(16) not null default 'success',
  is_streaming boolean not null default false,
  settled boolean not null default false,
  created_at timestamptz not null default now()
);

create index usage_events_account_created_idx on public.usage_events (account_id, created_at desc);
create index usage_events_agent_created_idx on public.usage_events (agent_id, created_at desc);
create index usage_events_api_key_id_idx on public.usage_events (api_key_id);
create index usage_events_project_id_idx on public.usage_events (project_id);
create index usage_events_model_id_idx on public.usage_events (model_id);
create index usage_events_request_id_idx on public.usage_events (request_id);
create index usage_events_unsettled_idx on public.usage_events (created_at) where not settled;
create index usage_events_created_at_brin on public.usage_events using brin (created_at);

create table public.usage_daily_rollups (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  day date not null,
  model_id text not null,
  agent_id uuid,
  project_id uuid,
  request_count bigint not null default 0,
  error_count integer not null default 0,
  input_tokens bigint not null default 0,
  output_tokens bigint not null default 0,
  cached_tokens bigint not null default 0,
  cost numeric(14,6) not null default 0,
  p50_latency_ms integer,
  p95_latency_ms integer,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create unique index usage_daily_rollups_bucket_key on public.usage_daily_rollups (account_id, day, model_id, agent_id);
create index usage_daily_rollups_day_idx on public.usage_daily_rollups (day);
create index usage_daily_rollups_model_day_idx on public.usage_daily_rollups (model_id, day);

alter table public.usage_events enable row level security;
alter table public.usage_daily_rollups enable row level security;

create policy "owners read their usage events" on public.usage_events
  for select to authenticated
  using (account_id = auth.uid());

create policy "owners read their usage rollups" on public.usage_daily_rollups
  for select to authenticated
  using (account_id = auth.uid());

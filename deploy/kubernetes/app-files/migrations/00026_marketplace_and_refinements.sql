-- 00026_marketplace_and_refinements
-- Agent marketplace (reviews, installs), data exports, and the accumulated
-- follow-up changes to earlier tables.

create table public.agent_reviews (
  id uuid primary key default gen_random_uuid(),
  agent_id uuid not null references public.agents (id) on delete cascade,
  account_id uuid not null references public.accounts (id) on delete cascade,
  rating integer not null,
  title varchar(200),
  body text,
  is_verified_user boolean not null default false,
  helpful_count integer not null default 0,
  reported boolean not null default false,
  owner_reply text,
  owner_replied_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint agent_reviews_rating_check check (rating between 1 and 5)
);

create unique index agent_reviews_agent_account_key on public.agent_reviews (agent_id, account_id);
create index agent_reviews_account_id_idx on public.agent_reviews (account_id);
create index agent_reviews_agent_created_idx on public.agent_reviews (agent_id, created_at desc) where not reported;

create table public.agent_installs (
  id uuid primary key default gen_random_uuid(),
  agent_id uuid not null references public.agents (id) on delete cascade,
  account_id uuid not null references public.accounts (id) on delete cascade,
  project_id uuid references public.projects (id) on delete set null,
  installed_version integer,
  source varchar(32) not null default 'marketplace',
  config_overrides jsonb not null default '{}'::jsonb,
  is_active boolean not null default true,
  request_count bigint not null default 0,
  revenue_share_pct numeric(5,2) not null default 0,
  uninstalled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create unique index agent_installs_agent_account_project_key on public.agent_installs (agent_id, account_id, project_id);
create index agent_installs_account_id_idx on public.agent_installs (account_id) where is_active;

create table public.data_exports (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  organization_id uuid references public.organizations (id) on delete set null,
  kind varchar(32) not null,
  format varchar(8) not null default 'csv',
  status varchar(16) not null default 'queued',
  filters jsonb not null default '{}'::jsonb,
  file_url text,
  row_count bigint,
  byte_size bigint,
  error_message text,
  requested_at timestamptz not null default now(),
  started_at timestamptz,
  completed_at timestamptz,
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  constraint data_exports_format_check check (format in ('csv', 'json', 'parquet')),
  constraint data_exports_status_check check (status in ('queued', 'running', 'completed', 'failed', 'expired'))
);

create index data_exports_account_requested_idx on public.data_exports (account_id, requested_at desc);
create index data_exports_active_idx on public.data_exports (status) where status in ('queued', 'running');

create trigger agent_reviews_touch_updated_at
  before update on public.agent_reviews
  for each row execute function public.touch_updated_at();
create trigger agent_installs_touch_updated_at
  before update on public.agent_installs
  for each row execute function public.touch_updated_at();

alter table public.agent_reviews enable row level security;
alter table public.agent_installs enable row level security;
alter table public.data_exports enable row level security;

create policy "reviews of public agents are readable by everyone" on public.agent_reviews
  for select to anon, authenticated
  using (not reported and auth.role() in ('anon', 'authenticated'));

create policy "users manage their own reviews" on public.agent_reviews
  for all to authenticated
  using (account_id = auth.uid())
  with check (account_id = auth.uid());

create policy "owners read their data exports" on public.data_exports
  for select to authenticated
  using (account_id = auth.uid());

-- ---------------------------------------------------------------------------
-- Follow-up changes to earlier tables.
-- ---------------------------------------------------------------------------

-- accounts: MFA enforcement and login forensics
alter table public.accounts add column mfa_enforced boolean not null default false;
alter table public.accounts add column last_login_at timestamptz;
alter table public.accounts add column last_login_ip inet;
create index accounts_last_login_at_idx on public.accounts (last_login_at desc);

-- agents: organization ownership and marketplace stats
alter table public.agents add column organization_id uuid references public.organizations (id) on delete set null;
alter table public.agents add column install_count integer not null default 0;
alter table public.agents add column average_rating numeric(3,2);
alter table public.agents add column categories text[] not null default '{}';
create index agents_organization_id_idx on public.agents (organization_id);
create index agents_categories_idx on public.agents using gin (categories);

-- account_settings.default_model_id becomes a real reference
alter table public.account_settings
  add constraint account_settings_default_model_id_fkey
  foreign key (default_model_id) references public.models (id) on delete set null;

-- tokenhall keys: periodic credit-limit resets and last caller IP
alter table public.tokenhall_api_keys add column credit_limit_reset varchar(16);
alter table public.tokenhall_api_keys add column credit_limit_reset_at timestamptz;
alter table public.tokenhall_api_keys add column last_used_ip inet;
alter table public.tokenhall_api_keys
  add constraint tokenhall_api_keys_credit_limit_reset_check
  check (credit_limit_reset is null or credit_limit_reset in ('daily', 'weekly', 'monthly'));
create index tokenhall_api_keys_reset_due_idx on public.tokenhall_api_keys (credit_limit_reset_at) where credit_limit_reset is not null;

-- auth api keys: scoped to a project
alter table public.auth_api_keys add column project_id uuid references public.projects (id) on delete set null;
create index auth_api_keys_project_id_idx on public.auth_api_keys (project_id);

-- models: catalogue tags and a tokenizer hint
alter table public.models add column tags text[] not null default '{}';
alter table public.models add column tokenizer varchar(32);
alter table public.models add column image_price_per_thousand numeric(12,4);
create index models_tags_idx on public.models using gin (tags);

-- usage and request logs: org attribution and BYOK flag
alter table public.usage_events add column organization_id uuid references public.organizations (id) on delete set null;
alter table public.usage_events add column is_byok boolean not null default false;
create index usage_events_org_created_idx on public.usage_events (organization_id, created_at desc) where organization_id is not null;
alter table public.request_logs add column organization_id uuid references public.organizations (id) on delete set null;
alter table public.request_logs add column cache_hit boolean not null default false;
create index request_logs_org_created_idx on public.request_logs (organization_id, created_at desc) where organization_id is not null;

-- credits ledger: fast per-kind history
create index credit_transactions_account_kind_created_idx on public.credit_transactions (account_id, kind, created_at desc);

-- sessions: MFA step-up timestamp
alter table public.sessions add column mfa_verified_at timestamptz;

-- webhooks: per-endpoint signing version
alter table public.webhooks add column signing_version integer not null default 1;

-- conversations: forked conversations
alter table public.conversations add column forked_from uuid references public.conversations (id) on delete set null;
create index conversations_forked_from_idx on public.conversations (forked_from);

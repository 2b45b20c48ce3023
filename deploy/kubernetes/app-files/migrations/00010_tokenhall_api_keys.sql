-- 00010_tokenhall_api_keys
-- Inference (TokenHall) API keys: per-key rate limits and credit limits.

create table public.tokenhall_api_keys (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  agent_id uuid references public.agents (id) on delete cascade,
  project_id uuid references public.projects (id) on delete set null,
  name varchar(100) not null,
  key_prefix varchar(16) not null,
  key_hash text not null,
  status public.key_status not null default 'active',
  revoked boolean not null default false,
  revoked_at timestamptz,
  expires_at timestamptz,
  is_management_key boolean not null default false,
  rate_limit_rpm integer,
  rate_limit_tpm integer,
  credit_limit numeric(12,4),
  spent_credits numeric(12,4) not null default 0,
  allowed_models text[] not null default '{}',
  allowed_ips text[] not null default '{}',
  last_used_at timestamptz,
  usage_count bigint not null default 0,
  metadata jsonb not null default '{}'::jsonb,
  created_by uuid references public.accounts (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint tokenhall_api_keys_rate_limit_positive check (rate_limit_rpm is null or rate_limit_rpm > 0),
  constraint tokenhall_api_keys_credit_limit_non_negative check (credit_limit is null or credit_limit >= 0),
  constraint tokenhall_api_keys_spent_non_negative check (spent_credits >= 0)
);

create unique index tokenhall_api_keys_key_hash_key on public.tokenhall_api_keys (key_hash);
create index tokenhall_api_keys_account_id_idx on public.tokenhall_api_keys (account_id);
create index tokenhall_api_keys_agent_id_idx on public.tokenhall_api_keys (agent_id);
create index tokenhall_api_keys_project_id_idx on public.tokenhall_api_keys (project_id);
create index tokenhall_api_keys_key_prefix_idx on public.tokenhall_api_keys (key_prefix);
create index tokenhall_api_keys_management_idx on public.tokenhall_api_keys (account_id) where is_management_key and not revoked;
create index tokenhall_api_keys_expires_at_idx on public.tokenhall_api_keys (expires_at) where expires_at is not null and not revoked;

create table public.tokenhall_key_model_access (
  key_id uuid not null references public.tokenhall_api_keys (id) on delete cascade,
  model_id text not null references public.models (id) on delete cascade,
  max_tokens_per_request integer,
  max_requests_per_day integer,
  granted_by uuid references public.accounts (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (key_id, model_id)
);

create index tokenhall_key_model_access_model_id_idx on public.tokenhall_key_model_access (model_id);

create trigger tokenhall_api_keys_touch_updated_at
  before update on public.tokenhall_api_keys
  for each row execute function public.touch_updated_at();

alter table public.tokenhall_api_keys enable row level security;
alter table public.tokenhall_api_keys force row level security;
alter table public.tokenhall_key_model_access enable row level security;

create policy "service role manages tokenhall keys" on public.tokenhall_api_keys
  for all to service_role
  using (auth.role() = 'service_role')
  with check (auth.role() = 'service_role');

create policy "owners read their tokenhall keys" on public.tokenhall_api_keys
  for select to authenticated
  using (account_id = auth.uid());

create policy "owners update their tokenhall keys" on public.tokenhall_api_keys
  for update to authenticated
  using (account_id = auth.uid())
  with check (account_id = auth.uid());

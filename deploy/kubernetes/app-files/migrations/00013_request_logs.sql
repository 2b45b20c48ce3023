-- 00013_request_logs
-- Gateway request log (metadata) and optional payload capture with retention.

create table public.request_logs (
  id uuid primary key default gen_random_uuid(),
  request_id uuid not null,
  account_id uuid references public.accounts (id) on delete cascade,
  agent_id uuid references public.agents (id) on delete set null,
  api_key_id uuid references public.tokenhall_api_keys (id) on delete set null,
  model_id text,
  provider_id uuid references public.model_providers (id) on delete set null,
  route_id uuid references public.provider_routes (id) on delete set null,
  http_method varchar(8) not null default 'POST',
  path text not null,
  status_code integer not null,
  error_code varchar(64),
  error_message text,
  input_tokens integer,
  output_tokens integer,
  latency_ms integer,
  time_to_first_token_ms integer,
  ip_address inet,
  user_agent text,
  upstream_request_id text,
  retries integer not null default 0,
  cost numeric(14,8),
  created_at timestamptz not null default now()
);

create unique index request_logs_request_id_key on public.request_logs (request_id);
create index request_logs_account_created_idx on public.request_logs (account_id, created_at desc);
create index request_logs_api_key_id_idx on public.request_logs (api_key_id);
create index request_logs_agent_id_idx on public.request_logs (agent_id);
create index request_logs_model_id_idx on public.request_logs (model_id);
create index request_logs_provider_id_idx on public.request_logs (provider_id);
create index request_logs_errors_idx on public.request_logs (status_code, created_at desc) where status_code >= 400;
create index request_logs_created_at_brin on public.request_logs using brin (created_at);

create table public.request_log_payloads (
  request_log_id uuid primary key references public.request_logs (id) on delete cascade,
  request_body jsonb,
  response_body jsonb,
  request_headers jsonb not null default '{}'::jsonb,
  response_headers jsonb not null default '{}'::jsonb,
  truncated boolean not null default false,
  size_bytes integer,
  compressed boolean not null default false,
  storage_path text,
  redacted_fields text[] not null default '{}',
  retention_until timestamptz not null default (now() + interval '30 days'),
  created_at timestamptz not null default now()
);

create index request_log_payloads_retention_idx on public.request_log_payloads (retention_until);

alter table public.request_logs enable row level security;
alter table public.request_log_payloads enable row level security;

create policy "owners read their request logs" on public.request_logs
  for select to authenticated
  using (account_id = auth.uid());

create policy "owners read their request payloads" on public.request_log_payloads
  for select to authenticated
  using (exists (
    select 1 from public.request_logs r
    where r.id = request_log_payloads.request_log_id and r.account_id = auth.uid()
  ));

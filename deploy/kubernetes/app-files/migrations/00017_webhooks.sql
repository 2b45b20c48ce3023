-- 00017_webhooks
-- Outgoing webhooks: event catalogue, endpoints and delivery attempts.

create table public.webhook_event_types (
  name varchar(100) primary key,
  description text,
  category varchar(32) not null,
  payload_schema jsonb not null default '{}'::jsonb,
  sample_payload jsonb,
  version varchar(16) not null default 'v1',
  is_deprecated boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index webhook_event_types_category_idx on public.webhook_event_types (category);

create table public.webhooks (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  project_id uuid references public.projects (id) on delete cascade,
  url text not null,
  description text,
  secret_hash text not null,
  events text[] not null default '{}',
  is_active boolean not null default true,
  api_version varchar(16) not null default '2024-06-01',
  failure_count integer not null default 0,
  disabled_reason text,
  last_success_at timestamptz,
  last_failure_at timestamptz,
  headers jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint webhooks_url_https check (url like 'https://%')
);

create index webhooks_account_id_idx on public.webhooks (account_id);
create index webhooks_project_id_idx on public.webhooks (project_id);
create index webhooks_active_idx on public.webhooks (account_id) where is_active;
create index webhooks_events_idx on public.webhooks using gin (events);

create table public.webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  webhook_id uuid not null references public.webhooks (id) on delete cascade,
  event_type varchar(100) not null references public.webhook_event_types (name) on delete restrict,
  event_id uuid not null,
  payload jsonb not null,
  status varchar(16) not null default 'pending',
  attempt integer not null default 0,
  response_status integer,
  response_body text,
  duration_ms integer,
  next_retry_at timestamptz,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  constraint webhook_deliveries_status_check check (status in ('pending', 'delivered', 'failed', 'abandoned'))
);

create index webhook_deliveries_webhook_created_idx on public.webhook_deliveries (webhook_id, created_at desc);
create index webhook_deliveries_retry_idx on public.webhook_deliveries (next_retry_at) where status = 'pending';
create index webhook_deliveries_event_id_idx on public.webhook_deliveries (event_id);
create index webhook_deliveries_event_type_idx on public.webhook_deliveries (event_type);

create trigger webhooks_touch_updated_at
  before update on public.webhooks
  for each row execute function public.touch_updated_at();

alter table public.webhook_event_types enable row level security;
alter table public.webhooks enable row level security;
alter table public.webhook_deliveries enable row level security;

create policy "webhook event types are readable by signed-in users" on public.webhook_event_types
  for select to authenticated
  using (auth.role() = 'authenticated');

create policy "owners manage their webhooks" on public.webhooks
  for all to authenticated
  using (account_id = auth.uid())
  with check (account_id = auth.uid());

create policy "owners read their webhook deliveries" on public.webhook_deliveries
  for select to authenticated
  using (exists (
    select 1 from public.webhooks w
    where w.id = webhook_deliveries.webhook_id and w.account_id = auth.uid()
  ));

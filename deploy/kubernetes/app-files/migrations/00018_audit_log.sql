-- 00018_audit_log
-- Append-only audit trail and security events.

create table public.audit_log (
  id bigint generated always as identity primary key,
  account_id uuid references public.accounts (id) on delete set null,
  organization_id uuid references public.organizations (id) on delete set null,
  actor_id uuid,
  actor_type varchar(16) not null default 'user',
  action varchar(100) not null,
  target_type varchar(64),
  target_id text,
  ip_address inet,
  user_agent text,
  changes jsonb not null default '{}'::jsonb,
  metadata jsonb not null default '{}'::jsonb,
  request_id uuid,
  created_at timestamptz not null default now(),
  constraint audit_log_actor_type_check check (actor_type in ('user', 'api_key', 'system', 'support'))
);

create index audit_log_account_created_idx on public.audit_log (account_id, created_at desc);
create index audit_log_org_created_idx on public.audit_log (organization_id, created_at desc);
create index audit_log_actor_id_idx on public.audit_log (actor_id);
create index audit_log_action_idx on public.audit_log (action);
create index audit_log_target_idx on public.audit_log (target_type, target_id);
create index audit_log_created_at_brin on public.audit_log using brin (created_at);

create table public.security_events (
  id bigint generated always as identity primary key,
  account_id uuid references public.accounts (id) on delete cascade,
  event_type varchar(64) not null,
  severity varchar(16) not null default 'info',
  ip_address inet,
  country_code varchar(2),
  description text,
  resolved boolean not null default false,
  resolved_at timestamptz,
  resolved_by uuid references public.accounts (id) on delete set null,
  details jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  constraint security_events_severity_check check (severity in ('info', 'low', 'medium', 'high', 'critical'))
);

create index security_events_account_id_idx on public.security_events (account_id);
create index security_events_open_idx on public.security_events (severity, created_at desc) where not resolved;

alter table public.audit_log enable row level security;
alter table public.security_events enable row level security;

create policy "members read audit log entries" on public.audit_log
  for select to authenticated
  using (
    account_id = auth.uid()
    or (organization_id is not null and public.is_org_member(organization_id))
  );

create policy "owners read their security events" on public.security_events
  for select to authenticated
  using (account_id = auth.uid());

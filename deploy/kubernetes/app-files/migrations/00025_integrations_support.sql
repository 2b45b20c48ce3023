-- 00025_integrations_support
-- Third-party integrations (OAuth connections) and customer support tickets.

create table public.integrations (
  id uuid primary key default gen_random_uuid(),
  slug varchar(64) not null,
  name varchar(120) not null,
  category varchar(32) not null,
  description text,
  logo_url text,
  docs_url text,
  auth_type varchar(16) not null default 'oauth2',
  oauth_scopes text[] not null default '{}',
  config_schema jsonb not null default '{}'::jsonb,
  is_enabled boolean not null default true,
  is_beta boolean not null default false,
  install_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint integrations_auth_type_check check (auth_type in ('oauth2', 'api_key', 'webhook', 'none'))
);

create unique index integrations_slug_key on public.integrations (slug);
create index integrations_category_idx on public.integrations (category) where is_enabled;

create table public.oauth_connections (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  integration_id uuid not null references public.integrations (id) on delete cascade,
  project_id uuid references public.projects (id) on delete set null,
  external_account_id varchar(200) not null,
  external_account_name varchar(200),
  access_token_encrypted text,
  refresh_token_encrypted text,
  token_expires_at timestamptz,
  scopes text[] not null default '{}',
  status varchar(16) not null default 'active',
  settings jsonb not null default '{}'::jsonb,
  last_synced_at timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint oauth_connections_status_check check (status in ('active', 'expired', 'revoked', 'error'))
);

create unique index oauth_connections_account_integration_external_key on public.oauth_connections (account_id, integration_id, external_account_id);
create index oauth_connections_integration_id_idx on public.oauth_connections (integration_id);
create index oauth_connections_token_expiry_idx on public.oauth_connections (token_expires_at) where status = 'active';

create table public.support_tickets (
  id uuid primary key default gen_random_uuid(),
  number bigint generated always as identity,
  account_id uuid not null references public.accounts (id) on delete cascade,
  organization_id uuid references public.organizations (id) on delete set null,
  subject varchar(300) not null,
  status varchar(16) not null default 'open',
  priority varchar(16) not null default 'normal',
  category varchar(32),
  assigned_to uuid references public.accounts (id) on delete set null,
  channel varchar(16) not null default 'web',
  tags text[] not null default '{}',
  related_request_id uuid,
  first_response_at timestamptz,
  resolved_at timestamptz,
  satisfaction_rating integer,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint support_tickets_status_check check (status in ('open', 'pending', 'on_hold', 'solved', 'closed')),
  constraint support_tickets_priority_check check (priority in ('low', 'normal', 'high', 'urgent')),
  constraint support_tickets_rating_check check (satisfaction_rating is null or satisfaction_rating between 1 and 5)
);

create unique index support_tickets_number_key on public.support_tickets (number);
create index support_tickets_account_id_idx on public.support_tickets (account_id);
create index support_tickets_queue_idx on public.support_tickets (priority, created_at) where status in ('open', 'pending');
create index support_tickets_assigned_to_idx on public.support_tickets (assigned_to);

create table public.support_ticket_comments (
  id uuid primary key default gen_random_uuid(),
  ticket_id uuid not null references public.support_tickets (id) on delete cascade,
  author_id uuid references public.accounts (id) on delete set null,
  author_type varchar(16) not null default 'customer',
  body text not null,
  is_internal boolean not null default false,
  attachments jsonb not null default '[]'::jsonb,
  edited_at timestamptz,
  created_at timestamptz not null default now()
);

create index support_ticket_comments_ticket_created_idx on public.support_ticket_comments (ticket_id, created_at);
create index support_ticket_comments_author_id_idx on public.support_ticket_comments (author_id);

create trigger integrations_touch_updated_at
  before update on public.integrations
  for each row execute function public.touch_updated_at();
create trigger oauth_connections_touch_updated_at
  before update on public.oauth_connections
  for each row execute function public.touch_updated_at();
create trigger support_tickets_touch_updated_at
  before update on public.support_tickets
  for each row execute function public.touch_updated_at();

alter table public.integrations enable row level security;
alter table public.oauth_connections enable row level security;
alter table public.support_tickets enable row level security;
alter table public.support_ticket_comments enable row level security;

create policy "enabled integrations are readable by everyone" on public.integrations
  for select to anon, authenticated
  using (is_enabled and auth.role() in ('anon', 'authenticated'));

create policy "owners manage their oauth connections" on public.oauth_connections
  for all to authenticated
  using (account_id = auth.uid())
  with check (account_id = auth.uid());

create policy "owners read their support tickets" on public.support_tickets
  for select to authenticated
  using (account_id = auth.uid());

create policy "owners read public comments on their tickets" on public.support_ticket_comments
  for select to authenticated
  using (not is_internal and exists (
    select 1 from public.support_tickets t
    where t.id = support_ticket_comments.ticket_id and t.account_id = auth.uid()
  ));

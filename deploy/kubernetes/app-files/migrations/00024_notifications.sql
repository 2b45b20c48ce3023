-- 00024_notifications
-- In-app notifications, per-type delivery preferences and the email outbox.

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  organization_id uuid references public.organizations (id) on delete cascade,
  type varchar(64) not null,
  title varchar(200) not null,
  body text,
  link_url text,
  icon varchar(32),
  data jsonb not null default '{}'::jsonb,
  channel varchar(16) not null default 'in_app',
  priority integer not null default 0,
  read_at timestamptz,
  archived_at timestamptz,
  created_at timestamptz not null default now()
);

create index notifications_account_created_idx on public.notifications (account_id, created_at desc);
create index notifications_unread_idx on public.notifications (account_id) where read_at is null;

create table public.notification_preferences (
  account_id uuid not null references public.accounts (id) on delete cascade,
  notification_type varchar(64) not null,
  email_enabled boolean not null default true,
  in_app_enabled boolean not null default true,
  webhook_enabled boolean not null default false,
  slack_enabled boolean not null default false,
  digest_frequency varchar(16) not null default 'immediate',
  quiet_hours jsonb,
  updated_at timestamptz not null default now(),
  primary key (account_id, notification_type),
  constraint notification_preferences_digest_check check (digest_frequency in ('immediate', 'daily', 'weekly', 'never'))
);

create table public.email_outbox (
  id uuid primary key default gen_random_uuid(),
  account_id uuid references public.accounts (id) on delete set null,
  to_email varchar(320) not null,
  cc text[] not null default '{}',
  reply_to varchar(320),
  template varchar(64) not null,
  subject varchar(300) not null,
  payload jsonb not null default '{}'::jsonb,
  status varchar(16) not null default 'pending',
  attempts integer not null default 0,
  last_error text,
  provider_message_id varchar(128),
  scheduled_at timestamptz not null default now(),
  sent_at timestamptz,
  created_at timestamptz not null default now()
);

create index email_outbox_pending_idx on public.email_outbox (scheduled_at) where status = 'pending';
create index email_outbox_account_id_idx on public.email_outbox (account_id);
create index email_outbox_provider_message_id_idx on public.email_outbox (provider_message_id);

create trigger notification_preferences_touch_updated_at
  before update on public.notification_preferences
  for each row execute function public.touch_updated_at();

alter table public.notifications enable row level security;
alter table public.notification_preferences enable row level security;
alter table public.email_outbox enable row level security;

create policy "owners read their notifications" on public.notifications
  for select to authenticated
  using (account_id = auth.uid());

create policy "owners manage their notification preferences" on public.notification_preferences
  for all to authenticated
  using (account_id = auth.uid())
  with check (account_id = auth.uid());

-- 00001_accounts
-- Core account records plus the shared helpers every later migration uses.
-- accounts.id is the Supabase auth user id, so policies compare it to auth.uid().

create type public.account_status as enum ('pending', 'active', 'suspended', 'closed');

create or replace function public.touch_updated_at()
returns trigger
language plpgsql
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

comment on function public.touch_updated_at() is 'BEFORE UPDATE trigger: stamps updated_at.';

create table public.accounts (
  id uuid primary key default gen_random_uuid(),
  email varchar(320) not null,
  email_verified boolean not null default false,
  email_confirmed_at timestamptz,
  phone varchar(32),
  display_name varchar(120),
  avatar_url text,
  status public.account_status not null default 'active',
  is_admin boolean not null default false,
  locale varchar(16) not null default 'en',
  timezone varchar(64) not null default 'UTC',
  country_code varchar(2),
  referral_code varchar(32),
  referred_by uuid references public.accounts (id) on delete set null,
  signup_source text,
  terms_accepted_at timestamptz,
  metadata jsonb not null default '{}'::jsonb,
  last_seen_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  constraint accounts_email_format check (position('@' in email) > 1)
);

create unique index accounts_email_lower_key on public.accounts (lower(email));
create unique index accounts_referral_code_key on public.accounts (referral_code) where referral_code is not null;
create index accounts_status_idx on public.accounts (status);
create index accounts_referred_by_idx on public.accounts (referred_by);
create index accounts_created_at_idx on public.accounts (created_at desc);

create table public.account_profiles (
  account_id uuid primary key references public.accounts (id) on delete cascade,
  full_name varchar(200),
  company_name varchar(200),
  job_title varchar(120),
  website_url text,
  github_handle varchar(64),
  twitter_handle varchar(64),
  bio text,
  use_case text,
  company_size varchar(32),
  onboarding_step integer not null default 0,
  onboarding_completed_at timestamptz,
  marketing_opt_in boolean not null default false,
  interests text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index account_profiles_github_handle_idx on public.account_profiles (lower(github_handle));
create index account_profiles_onboarding_idx on public.account_profiles (onboarding_step) where onboarding_completed_at is null;

create table public.account_settings (
  account_id uuid primary key references public.accounts (id) on delete cascade,
  theme varchar(16) not null default 'system',
  default_model_id text,
  default_max_tokens integer not null default 1024,
  default_temperature numeric(4,2) not null default 0.70,
  usage_alert_threshold numeric(12,4),
  low_balance_alert boolean not null default true,
  weekly_digest boolean not null default true,
  two_factor_enabled boolean not null default false,
  two_factor_method varchar(16),
  session_timeout_minutes integer not null default 10080,
  ip_allowlist text[] not null default '{}',
  preferences jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint account_settings_theme_check check (theme in ('light', 'dark', 'system')),
  constraint account_settings_temperature_check check (default_temperature between 0 and 2)
);

create or replace function public.current_account_id()
returns uuid
language sql
stable
security definer
set search_path = public
as $$
  select a.id
  from public.accounts a
  where a.id = auth.uid()
    and a.deleted_at is null
$$;

comment on function public.current_account_id() is 'Account of the calling user (auth.uid()), null when anonymous or deleted.';

create trigger accounts_touch_updated_at
  before update on public.accounts
  for each row execute function public.touch_updated_at();
create trigger account_profiles_touch_updated_at
  before update on public.account_profiles
  for each row execute function public.touch_updated_at();
create trigger account_settings_touch_updated_at
  before update on public.account_settings
  for each row execute function public.touch_updated_at();

alter table public.accounts enable row level security;
alter table public.account_profiles enable row level security;
alter table public.account_settings enable row level security;

create policy "accounts are readable by their owner" on public.accounts
  for select to authenticated
  using (id = auth.uid());

create policy "accounts are updatable by their owner" on public.accounts
  for update to authenticated
  using (id = auth.uid())
  with check (id = auth.uid());

create policy "service role manages accounts" on public.accounts
  for all to service_role
  using (auth.role() = 'service_role')
  with check (auth.role() = 'service_role');

create policy "profiles are readable by their owner" on public.account_profiles
  for select to authenticated
  using (account_id = auth.uid());

create policy "profiles are updatable by their owner" on public.account_profiles
  for update to authenticated
  using (account_id = auth.uid())
  with check (account_id = auth.uid());

create policy "settings are managed by their owner" on public.account_settings
  for all to authenticated
  using (account_id = auth.uid())
  with check (account_id = auth.uid());

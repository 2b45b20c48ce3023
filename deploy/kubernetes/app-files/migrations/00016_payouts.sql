-- 00016_payouts
-- Revenue share payouts to agent creators (Stripe Connect).

create table public.payout_accounts (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  provider varchar(32) not null default 'stripe_connect',
  external_account_id varchar(64) not null,
  country_code varchar(2),
  currency varchar(3) not null default 'USD',
  payouts_enabled boolean not null default false,
  details_submitted boolean not null default false,
  payout_schedule varchar(16) not null default 'monthly',
  minimum_payout numeric(12,4) not null default 25,
  requirements jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create unique index payout_accounts_account_id_key on public.payout_accounts (account_id);
create unique index payout_accounts_external_account_id_key on public.payout_accounts (external_account_id);

create table public.payouts (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  payout_account_id uuid not null references public.payout_accounts (id) on delete restrict,
  amount numeric(12,4) not null,
  fee numeric(12,4) not null default 0,
  currency varchar(3) not null default 'USD',
  status varchar(16) not null default 'pending',
  external_payout_id varchar(64),
  period_start date not null,
  period_end date not null,
  agent_earnings jsonb not null default '[]'::jsonb,
  failure_reason text,
  initiated_at timestamptz,
  arrived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint payouts_status_check check (status in ('pending', 'in_transit', 'paid', 'failed', 'canceled')),
  constraint payouts_period_check check (period_end >= period_start)
);

create unique index payouts_external_payout_id_key on public.payouts (external_payout_id) where external_payout_id is not null;
create index payouts_account_created_idx on public.payouts (account_id, created_at desc);
create index payouts_payout_account_id_idx on public.payouts (payout_account_id);
create index payouts_status_idx on public.payouts (status) where status in ('pending', 'in_transit');

create trigger payout_accounts_touch_updated_at
  before update on public.payout_accounts
  for each row execute function public.touch_updated_at();
create trigger payouts_touch_updated_at
  before update on public.payouts
  for each row execute function public.touch_updated_at();

alter table public.payout_accounts enable row level security;
alter table public.payouts enable row level security;

create policy "owners read their payout account" on public.payout_accounts
  for select to authenticated
  using (account_id = auth.uid());

create policy "owners read their payouts" on public.payouts
  for select to authenticated
  using (account_id = auth.uid());

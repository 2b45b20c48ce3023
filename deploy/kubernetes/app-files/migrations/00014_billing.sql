-- 00014_billing
-- Plans, Stripe customers, payment methods and subscriptions.

create table public.plans (
  id varchar(64) primary key,
  name varchar(120) not null,
  description text,
  price_monthly numeric(12,4) not null default 0,
  price_yearly numeric(12,4),
  currency varchar(3) not null default 'USD',
  included_credits numeric(12,4) not null default 0,
  max_agents integer,
  max_seats integer,
  max_projects integer,
  rate_limit_rpm integer,
  features text[] not null default '{}',
  is_public boolean not null default true,
  sort_order integer not null default 0,
  stripe_product_id varchar(64),
  stripe_price_id varchar(64),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index plans_public_sort_idx on public.plans (sort_order) where is_public;
create unique index plans_stripe_price_id_key on public.plans (stripe_price_id) where stripe_price_id is not null;

create table public.billing_customers (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  organization_id uuid references public.organizations (id) on delete set null,
  stripe_customer_id varchar(64),
  billing_email varchar(320),
  billing_name varchar(200),
  tax_id varchar(32),
  tax_exempt boolean not null default false,
  address jsonb not null default '{}'::jsonb,
  currency varchar(3) not null default 'USD',
  delinquent boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create unique index billing_customers_account_id_key on public.billing_customers (account_id);
create unique index billing_customers_stripe_customer_id_key on public.billing_customers (stripe_customer_id);
create index billing_customers_organization_id_idx on public.billing_customers (organization_id);

create table public.payment_methods (
  id uuid primary key default gen_random_uuid(),
  billing_customer_id uuid not null references public.billing_customers (id) on delete cascade,
  stripe_payment_method_id varchar(64) not null,
  type varchar(32) not null default 'card',
  brand varchar(32),
  last4 varchar(4),
  exp_month integer,
  exp_year integer,
  is_default boolean not null default false,
  billing_details jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  deleted_at timestamptz,
  constraint payment_methods_exp_month_check check (exp_month is null or exp_month between 1 and 12)
);

create unique index payment_methods_stripe_id_key on public.payment_methods (stripe_payment_method_id);
create index payment_methods_billing_customer_id_idx on public.payment_methods (billing_customer_id);
create unique index payment_methods_one_default on public.payment_methods (billing_customer_id) where is_default and deleted_at is null;

create table public.subscriptions (
  id uuid primary key default gen_random_uuid(),
  billing_customer_id uuid not null references public.billing_customers (id) on delete cascade,
  plan_id varchar(64) not null references public.plans (id) on delete restrict,
  status varchar(24) not null default 'active',
  stripe_subscription_id varchar(64),
  quantity integer not null default 1,
  current_period_start timestamptz,
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  canceled_at timestamptz,
  trial_ends_at timestamptz,
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint subscriptions_status_check check (status in ('trialing', 'active', 'past_due', 'canceled', 'unpaid', 'incomplete'))
);

create unique index subscriptions_stripe_subscription_id_key on public.subscriptions (stripe_subscription_id);
create index subscriptions_billing_customer_id_idx on public.subscriptions (billing_customer_id);
create index subscriptions_plan_id_idx on public.subscriptions (plan_id);
create index subscriptions_period_end_idx on public.subscriptions (current_period_end) where status in ('active', 'trialing');

create trigger plans_touch_updated_at
  before update on public.plans
  for each row execute function public.touch_updated_at();
create trigger billing_customers_touch_updated_at
  before update on public.billing_customers
  for each row execute function public.touch_updated_at();
create trigger subscriptions_touch_updated_at
  before update on public.subscriptions
  for each row execute function public.touch_updated_at();

alter table public.plans enable row level security;
alter table public.billing_customers enable row level security;
alter table public.payment_methods enable row level security;
alter table public.subscriptions enable row level security;

create policy "public plans are readable by everyone" on public.plans
  for select to anon, authenticated
  using (is_public and auth.role() in ('anon', 'authenticated'));

create policy "owners read their billing customer" on public.billing_customers
  for select to authenticated
  using (account_id = auth.uid());

create policy "owners read their payment methods" on public.payment_methods
  for select to authenticated
  using (exists (
    select 1 from public.billing_customers bc
    where bc.id = payment_methods.billing_customer_id and bc.account_id = auth.uid()
  ));

create policy "owners read their subscriptions" on public.subscriptions
  for select to authenticated
  using (exists (
    select 1 from public.billing_customers bc
    where bc.id = subscriptions.billing_customer_id and bc.account_id = auth.uid()
  ));

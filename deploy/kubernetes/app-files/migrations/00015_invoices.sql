-- 00015_invoices
-- Invoices, their line items and payment attempts.

create type public.invoice_status as enum ('draft', 'open', 'paid', 'void', 'uncollectible');

create table public.invoices (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  billing_customer_id uuid references public.billing_customers (id) on delete set null,
  subscription_id uuid references public.subscriptions (id) on delete set null,
  number varchar(32) not null,
  status public.invoice_status not null default 'draft',
  currency varchar(3) not null default 'USD',
  subtotal numeric(12,4) not null default 0,
  discount numeric(12,4) not null default 0,
  tax numeric(12,4) not null default 0,
  total numeric(12,4) not null default 0,
  amount_paid numeric(12,4) not null default 0,
  amount_due numeric(12,4) not null default 0,
  period_start timestamptz,
  period_end timestamptz,
  due_at timestamptz,
  paid_at timestamptz,
  stripe_invoice_id varchar(64),
  hosted_url text,
  pdf_url text,
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create unique index invoices_number_key on public.invoices (number);
create unique index invoices_stripe_invoice_id_key on public.invoices (stripe_invoice_id) where stripe_invoice_id is not null;
create index invoices_account_created_idx on public.invoices (account_id, created_at desc);
create index invoices_billing_customer_id_idx on public.invoices (billing_customer_id);
create index invoices_subscription_id_idx on public.invoices (subscription_id);
create index invoices_open_due_idx on public.invoices (due_at) where status = 'open';

create table public.invoice_lines (
  id uuid primary key default gen_random_uuid(),
  invoice_id uuid not null references public.invoices (id) on delete cascade,
  line_type varchar(24) not null default 'usage',
  description text not null,
  quantity numeric(14,4) not null default 1,
  unit_amount numeric(12,4) not null default 0,
  amount numeric(12,4) not null default 0,
  model_id text references public.models (id) on delete set null,
  agent_id uuid references public.agents (id) on delete set null,
  project_id uuid references public.projects (id) on delete set null,
  period_start timestamptz,
  period_end timestamptz,
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);

create index invoice_lines_invoice_id_idx on public.invoice_lines (invoice_id);
create index invoice_lines_model_id_idx on public.invoice_lines (model_id);
create index invoice_lines_agent_id_idx on public.invoice_lines (agent_id);

create table public.invoice_payments (
  id uuid primary key default gen_random_uuid(),
  invoice_id uuid not null references public.invoices (id) on delete cascade,
  payment_method_id uuid references public.payment_methods (id) on delete set null,
  amount numeric(12,4) not null,
  currency varchar(3) not null default 'USD',
  status varchar(16) not null default 'pending',
  stripe_payment_intent_id varchar(64),
  failure_code varchar(64),
  failure_message text,
  attempt integer not null default 1,
  paid_at timestamptz,
  created_at timestamptz not null default now()
);

create unique index invoice_payments_payment_intent_key on public.invoice_payments (stripe_payment_intent_id) where stripe_payment_intent_id is not null;
create index invoice_payments_invoice_id_idx on public.invoice_payments (invoice_id);
create index invoice_payments_payment_method_id_idx on public.invoice_payments (payment_method_id);

-- credit purchases are settled against invoices
alter table public.credit_transactions
  add constraint credit_transactions_invoice_id_fkey
  foreign key (invoice_id) references public.invoices (id) on delete set null;

create trigger invoices_touch_updated_at
  before update on public.invoices
  for each row execute function public.touch_updated_at();

alter table public.invoices enable row level security;
alter table public.invoice_lines enable row level security;
alter table public.invoice_payments enable row level security;

create policy "owners read their invoices" on public.invoices
  for select to authenticated
  using (account_id = auth.uid() and status <> 'draft');

create policy "owners read their invoice lines" on public.invoice_lines
  for select to authenticated
  using (exists (
    select 1 from public.invoices i
    where i.id = invoice_lines.invoice_id and i.account_id = auth.uid()
  ));

create policy "owners read their invoice payments" on public.invoice_payments
  for select to authenticated
  using (exists (
    select 1 from public.invoices i
    where i.id = invoice_payments.invoice_id and i.account_id = auth.uid()
  ));

-- 00011_credits
-- Prepaid credit balances, the ledger, promotional grants, and the settlement
-- function the gateway calls after each metered request.

create type public.credit_transaction_kind as enum ('purchase', 'usage', 'grant', 'refund', 'adjustment', 'payout');

create table public.credits (
  account_id uuid primary key references public.accounts (id) on delete cascade,
  balance numeric(12,4) not null default 0,
  currency varchar(3) not null default 'USD',
  lifetime_purchased numeric(12,4) not null default 0,
  lifetime_spent numeric(12,4) not null default 0,
  lifetime_granted numeric(12,4) not null default 0,
  low_balance_threshold numeric(12,4),
  auto_topup_enabled boolean not null default false,
  auto_topup_amount numeric(12,4),
  auto_topup_threshold numeric(12,4),
  last_topup_at timestamptz,
  version integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index credits_auto_topup_idx on public.credits (balance) where auto_topup_enabled;
create index credits_low_balance_idx on public.credits (account_id) where balance <= 0;

create table public.credit_transactions (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  agent_id uuid references public.agents (id) on delete set null,
  api_key_id uuid references public.tokenhall_api_keys (id) on delete set null,
  kind public.credit_transaction_kind not null,
  amount numeric(12,4) not null,
  balance_after numeric(12,4),
  currency varchar(3) not null default 'USD',
  description text,
  reference_id text,
  request_id uuid,
  invoice_id uuid,
  metadata jsonb not null default '{}'::jsonb,
  created_by uuid references public.accounts (id) on delete set null,
  created_at timestamptz not null default now()
);

create index credit_transactions_account_created_idx on public.credit_transactions (account_id, created_at desc);
create index credit_transactions_agent_id_idx on public.credit_transactions (agent_id);
create index credit_transactions_api_key_id_idx on public.credit_transactions (api_key_id);
create index credit_transactions_reference_id_idx on public.credit_transactions (reference_id) where reference_id is not null;
create index credit_transactions_invoice_id_idx on public.credit_transactions (invoice_id);

create table public.credit_grants (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  amount numeric(12,4) not null,
  remaining numeric(12,4) not null,
  reason text,
  source varchar(32) not null default 'promotion',
  promo_code varchar(64),
  granted_by uuid references public.accounts (id) on delete set null,
  expires_at timestamptz,
  consumed_at timestamptz,
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  constraint credit_grants_remaining_check check (remaining >= 0 and remaining <= amount)
);

create index credit_grants_account_id_idx on public.credit_grants (account_id);
create index credit_grants_open_idx on public.credit_grants (expires_at) where remaining > 0;
create index credit_grants_promo_code_idx on public.credit_grants (promo_code) where promo_code is not null;

create or replace function public.deduct_credits_with_key_limit(
  p_agent_id uuid,
  p_key_id uuid,
  p_amount numeric,
  p_description text,
  p_reference_id text
)
returns boolean
language plpgsql
security definer
set search_path = public
as $$
declare
  v_account_id uuid;
  v_credit_limit numeric;
  v_spent numeric;
  v_balance numeric;
begin
  if p_amount is null or p_amount < 0 then
    return false;
  end if;

  -- Lock the key row so concurrent settlements against one key serialize.
  select k.account_id, k.credit_limit, k.spent_credits
    into v_account_id, v_credit_limit, v_spent
  from tokenhall_api_keys k
  where k.id = p_key_id
    and k.agent_id is not distinct from p_agent_id
    and not k.revoked
    and (k.expires_at is null or k.expires_at > now())
  for update;

  if not found then
    return false;
  end if;

  if v_credit_limit is not null and v_spent + p_amount > v_credit_limit then
    return false;
  end if;

  update credits c
     set balance = c.balance - p_amount,
         lifetime_spent = c.lifetime_spent + p_amount,
         version = c.version + 1
   where c.account_id = v_account_id
     and c.balance >= p_amount
  returning c.balance into v_balance;

  if not found then
    return false;
  end if;

  update tokenhall_api_keys
     set spent_credits = spent_credits + p_amount,
         usage_count = usage_count + 1,
         last_used_at = now()
   where id = p_key_id;

  insert into credit_transactions (
    account_id, agent_id, api_key_id, kind, amount, balance_after, description, reference_id
  ) values (
    v_account_id, p_agent_id, p_key_id, 'usage', -p_amount, v_balance, p_description, p_reference_id
  );

  return true;
end;
$$;

comment on function public.deduct_credits_with_key_limit(uuid, uuid, numeric, text, text) is
  'Settles a metered request: enforces the key credit_limit, debits credits.balance, bumps spent_credits and writes the ledger row. Returns false when the key is invalid or funds/limit are insufficient.';

revoke all on function public.deduct_credits_with_key_limit(uuid, uuid, numeric, text, text) from public, anon, authenticated;
grant execute on function public.deduct_credits_with_key_limit(uuid, uuid, numeric, text, text) to service_role;

create trigger credits_touch_updated_at
  before update on public.credits
  for each row execute function public.touch_updated_at();

alter table public.credits enable row level security;
alter table public.credit_transactions enable row level security;
alter table public.credit_grants enable row level security;

create policy "owners read their credit balance" on public.credits
  for select to authenticated
  using (account_id = auth.uid());

create policy "owners read their credit ledger" on public.credit_transactions
  for select to authenticated
  using (account_id = auth.uid());

create policy "owners read their credit grants" on public.credit_grants
  for select to authenticated
  using (account_id = auth.uid());

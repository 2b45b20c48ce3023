-- 00005_organizations
-- Multi-user organizations, memberships and invitations.

create type public.org_role as enum ('owner', 'admin', 'member', 'billing', 'viewer');

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name varchar(200) not null,
  slug varchar(100) not null,
  owner_account_id uuid not null references public.accounts (id) on delete restrict,
  billing_email varchar(320),
  logo_url text,
  plan varchar(32) not null default 'free',
  seats integer not null default 1,
  max_agents integer not null default 5,
  domain varchar(255),
  domain_verified boolean not null default false,
  sso_enabled boolean not null default false,
  settings jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  constraint organizations_seats_positive check (seats > 0)
);

create unique index organizations_slug_key on public.organizations (slug);
create index organizations_owner_account_id_idx on public.organizations (owner_account_id);
create index organizations_domain_idx on public.organizations (lower(domain)) where domain is not null;

create table public.org_memberships (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  account_id uuid not null references public.accounts (id) on delete cascade,
  role public.org_role not null default 'member',
  status varchar(16) not null default 'active',
  invited_by uuid references public.accounts (id) on delete set null,
  joined_at timestamptz,
  last_active_at timestamptz,
  permissions text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint org_memberships_status_check check (status in ('invited', 'active', 'suspended'))
);

create unique index org_memberships_org_account_key on public.org_memberships (organization_id, account_id);
create index org_memberships_account_id_idx on public.org_memberships (account_id);
create index org_memberships_org_role_idx on public.org_memberships (organization_id, role);

create table public.org_invitations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  email varchar(320) not null,
  role public.org_role not null default 'member',
  token_hash text not null,
  invited_by uuid references public.accounts (id) on delete set null,
  message text,
  accepted_at timestamptz,
  accepted_by uuid references public.accounts (id) on delete set null,
  expires_at timestamptz not null default (now() + interval '7 days'),
  revoked boolean not null default false,
  created_at timestamptz not null default now()
);

create unique index org_invitations_token_hash_key on public.org_invitations (token_hash);
create index org_invitations_organization_id_idx on public.org_invitations (organization_id);
create index org_invitations_email_idx on public.org_invitations (lower(email));
create index org_invitations_pending_idx on public.org_invitations (expires_at) where accepted_at is null and not revoked;

create or replace function public.is_org_member(p_org_id uuid)
returns boolean
language sql
stable
security definer
set search_path = public
as $$
  select exists (
    select 1
    from public.org_memberships m
    where m.organization_id = p_org_id
      and m.account_id = auth.uid()
      and m.status = 'active'
  )
$$;

comment on function public.is_org_member(uuid) is 'True when the calling user is an active member of the organization.';

create trigger organizations_touch_updated_at
  before update on public.organizations
  for each row execute function public.touch_updated_at();
create trigger org_memberships_touch_updated_at
  before update on public.org_memberships
  for each row execute function public.touch_updated_at();

alter table public.organizations enable row level security;
alter table public.org_memberships enable row level security;
alter table public.org_invitations enable row level security;

create policy "members read their organizations" on public.organizations
  for select to authenticated
  using (owner_account_id = auth.uid() or public.is_org_member(id));

create policy "owners update their organizations" on public.organizations
  for update to authenticated
  using (owner_account_id = auth.uid())
  with check (owner_account_id = auth.uid());

create policy "members read memberships of their organizations" on public.org_memberships
  for select to authenticated
  using (account_id = auth.uid() or public.is_org_member(organization_id));

create policy "members read invitations of their organizations" on public.org_invitations
  for select to authenticated
  using (invited_by = auth.uid() or public.is_org_member(organization_id));

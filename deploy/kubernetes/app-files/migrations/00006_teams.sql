-- 00006_teams
-- Teams group organization members for project access and budgets.

create table public.teams (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name varchar(120) not null,
  slug varchar(100) not null,
  description text,
  color varchar(7),
  icon varchar(32),
  is_default boolean not null default false,
  monthly_budget numeric(12,4),
  member_count integer not null default 0,
  created_by uuid references public.accounts (id) on delete set null,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create unique index teams_org_slug_key on public.teams (organization_id, slug);
create index teams_organization_id_idx on public.teams (organization_id) where archived_at is null;
create index teams_created_by_idx on public.teams (created_by);
create unique index teams_one_default_per_org on public.teams (organization_id) where is_default;

create table public.team_members (
  team_id uuid not null references public.teams (id) on delete cascade,
  account_id uuid not null references public.accounts (id) on delete cascade,
  role varchar(16) not null default 'member',
  added_by uuid references public.accounts (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (team_id, account_id),
  constraint team_members_role_check check (role in ('lead', 'member'))
);

create index team_members_account_id_idx on public.team_members (account_id);

create trigger teams_touch_updated_at
  before update on public.teams
  for each row execute function public.touch_updated_at();

alter table public.teams enable row level security;
alter table public.team_members enable row level security;

create policy "org members read teams" on public.teams
  for select to authenticated
  using (auth.uid() is not null and public.is_org_member(organization_id));

create policy "org admins manage teams" on public.teams
  for all to authenticated
  using (exists (
    select 1 from public.org_memberships m
    where m.organization_id = teams.organization_id
      and m.account_id = auth.uid()
      and m.role in ('owner', 'admin')
  ))
  with check (exists (
    select 1 from public.org_memberships m
    where m.organization_id = teams.organization_id
      and m.account_id = auth.uid()
      and m.role in ('owner', 'admin')
  ));

create policy "members read team rosters" on public.team_members
  for select to authenticated
  using (
    account_id = auth.uid()
    or exists (
      select 1 from public.teams t
      where t.id = team_members.team_id and public.is_org_member(t.organization_id)
    )
  );

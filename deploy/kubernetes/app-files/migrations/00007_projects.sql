-- 00007_projects
-- Projects scope keys, budgets and logs; each has named environments.

create table public.projects (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  organization_id uuid references public.organizations (id) on delete cascade,
  team_id uuid references public.teams (id) on delete set null,
  name varchar(200) not null,
  slug varchar(100) not null,
  description text,
  default_agent_id uuid references public.agents (id) on delete set null,
  environment_count integer not null default 1,
  monthly_budget numeric(12,4),
  budget_alert_pct integer not null default 80,
  hard_budget_limit boolean not null default false,
  tags text[] not null default '{}',
  settings jsonb not null default '{}'::jsonb,
  is_archived boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint projects_budget_alert_pct_check check (budget_alert_pct between 1 and 100)
);

create unique index projects_account_slug_key on public.projects (account_id, slug);
create index projects_organization_id_idx on public.projects (organization_id);
create index projects_team_id_idx on public.projects (team_id);
create index projects_default_agent_id_idx on public.projects (default_agent_id);
create index projects_active_idx on public.projects (account_id, updated_at desc) where not is_archived;

create table public.project_members (
  project_id uuid not null references public.projects (id) on delete cascade,
  account_id uuid not null references public.accounts (id) on delete cascade,
  role varchar(16) not null default 'developer',
  permissions text[] not null default '{}',
  invited_by uuid references public.accounts (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (project_id, account_id)
);

create index project_members_account_id_idx on public.project_members (account_id);

create table public.project_environments (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references public.projects (id) on delete cascade,
  name varchar(64) not null,
  kind varchar(16) not null default 'development',
  description text,
  color varchar(7),
  base_url text,
  variables jsonb not null default '{}'::jsonb,
  is_protected boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint project_environments_kind_check check (kind in ('development', 'staging', 'production'))
);

create unique index project_environments_project_name_key on public.project_environments (project_id, name);

create trigger projects_touch_updated_at
  before update on public.projects
  for each row execute function public.touch_updated_at();
create trigger project_environments_touch_updated_at
  before update on public.project_environments
  for each row execute function public.touch_updated_at();

alter table public.projects enable row level security;
alter table public.project_members enable row level security;
alter table public.project_environments enable row level security;

create policy "owners manage their projects" on public.projects
  for all to authenticated
  using (account_id = auth.uid())
  with check (account_id = auth.uid());

create policy "members read shared projects" on public.projects
  for select to authenticated
  using (exists (
    select 1 from public.project_members pm
    where pm.project_id = projects.id and pm.account_id = auth.uid()
  ));

create policy "project owners read environments" on public.project_environments
  for select to authenticated
  using (exists (
    select 1 from public.projects p
    where p.id = project_environments.project_id and p.account_id = auth.uid()
  ));

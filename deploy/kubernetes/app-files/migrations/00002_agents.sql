-- 00002_agents
-- Agents are the bots/apps an account builds on top of the gateway.

create table public.agents (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  name varchar(100) not null,
  slug varchar(100) not null,
  description text,
  avatar_url text,
  homepage_url text,
  status varchar(16) not null default 'active',
  visibility varchar(16) not null default 'private',
  system_prompt text,
  default_model text,
  capabilities text[] not null default '{}',
  config jsonb not null default '{}'::jsonb,
  is_verified boolean not null default false,
  total_requests bigint not null default 0,
  last_active_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  constraint agents_status_check check (status in ('active', 'paused', 'disabled')),
  constraint agents_visibility_check check (visibility in ('private', 'unlisted', 'public'))
);

create unique index agents_account_slug_key on public.agents (account_id, slug);
create index agents_status_idx on public.agents (status);
create index agents_public_idx on public.agents (visibility, created_at desc) where deleted_at is null;
create index agents_last_active_at_idx on public.agents (last_active_at desc);

create table public.agent_versions (
  id uuid primary key default gen_random_uuid(),
  agent_id uuid not null references public.agents (id) on delete cascade,
  version integer not null,
  system_prompt text,
  model text,
  temperature numeric(4,2),
  top_p numeric(4,3),
  max_tokens integer,
  tools jsonb not null default '[]'::jsonb,
  response_format jsonb,
  changelog text,
  created_by uuid references public.accounts (id) on delete set null,
  is_published boolean not null default false,
  published_at timestamptz,
  created_at timestamptz not null default now(),
  constraint agent_versions_version_positive check (version > 0)
);

create unique index agent_versions_agent_version_key on public.agent_versions (agent_id, version);
create index agent_versions_created_by_idx on public.agent_versions (created_by);
create index agent_versions_published_idx on public.agent_versions (agent_id, published_at desc) where is_published;

create table public.agent_tags (
  agent_id uuid not null references public.agents (id) on delete cascade,
  tag varchar(64) not null,
  added_by uuid references public.accounts (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (agent_id, tag)
);

create index agent_tags_tag_idx on public.agent_tags (tag);

create trigger agents_touch_updated_at
  before update on public.agents
  for each row execute function public.touch_updated_at();

alter table public.agents enable row level security;
alter table public.agent_versions enable row level security;
alter table public.agent_tags enable row level security;

create policy "public agents are readable by everyone" on public.agents
  for select to anon, authenticated
  using ((visibility = 'public' and deleted_at is null) or account_id = auth.uid());

create policy "owners manage their agents" on public.agents
  for all to authenticated
  using (account_id = auth.uid())
  with check (account_id = auth.uid());

create policy "agent versions are readable by the agent owner" on public.agent_versions
  for select to authenticated
  using (exists (
    select 1 from public.agents a
    where a.id = agent_versions.agent_id and a.account_id = auth.uid()
  ));

create policy "agent tags follow agent visibility" on public.agent_tags
  for select to anon, authenticated
  using (exists (
    select 1 from public.agents a
    where a.id = agent_tags.agent_id
      and (a.visibility = 'public' or a.account_id = auth.uid())
  ));

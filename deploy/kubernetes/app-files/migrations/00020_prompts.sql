-- 00020_prompts
-- Prompt library with versioning and stars.

create table public.prompts (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  project_id uuid references public.projects (id) on delete set null,
  agent_id uuid references public.agents (id) on delete set null,
  name varchar(200) not null,
  slug varchar(100) not null,
  description text,
  current_version integer not null default 1,
  visibility varchar(16) not null default 'private',
  tags text[] not null default '{}',
  is_archived boolean not null default false,
  fork_of uuid references public.prompts (id) on delete set null,
  star_count integer not null default 0,
  use_count bigint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint prompts_visibility_check check (visibility in ('private', 'unlisted', 'public'))
);

create unique index prompts_account_slug_key on public.prompts (account_id, slug);
create index prompts_project_id_idx on public.prompts (project_id);
create index prompts_agent_id_idx on public.prompts (agent_id);
create index prompts_fork_of_idx on public.prompts (fork_of);
create index prompts_tags_idx on public.prompts using gin (tags);
create index prompts_public_popular_idx on public.prompts (star_count desc) where visibility = 'public' and not is_archived;

create table public.prompt_versions (
  id uuid primary key default gen_random_uuid(),
  prompt_id uuid not null references public.prompts (id) on delete cascade,
  version integer not null,
  template text not null,
  variables jsonb not null default '[]'::jsonb,
  model_id text references public.models (id) on delete set null,
  parameters jsonb not null default '{}'::jsonb,
  commit_message text,
  token_estimate integer,
  is_published boolean not null default true,
  created_by uuid references public.accounts (id) on delete set null,
  created_at timestamptz not null default now()
);

create unique index prompt_versions_prompt_version_key on public.prompt_versions (prompt_id, version);
create index prompt_versions_model_id_idx on public.prompt_versions (model_id);

create table public.prompt_stars (
  prompt_id uuid not null references public.prompts (id) on delete cascade,
  account_id uuid not null references public.accounts (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (prompt_id, account_id)
);

create index prompt_stars_account_id_idx on public.prompt_stars (account_id);

create trigger prompts_touch_updated_at
  before update on public.prompts
  for each row execute function public.touch_updated_at();

alter table public.prompts enable row level security;
alter table public.prompt_versions enable row level security;
alter table public.prompt_stars enable row level security;

create policy "public prompts are readable by everyone" on public.prompts
  for select to anon, authenticated
  using (visibility = 'public' or account_id = auth.uid());

create policy "owners manage their prompts" on public.prompts
  for all to authenticated
  using (account_id = auth.uid())
  with check (account_id = auth.uid());

create policy "prompt versions follow prompt visibility" on public.prompt_versions
  for select to anon, authenticated
  using (exists (
    select 1 from public.prompts p
    where p.id = prompt_versions.prompt_id
      and (p.visibility = 'public' or p.account_id = auth.uid())
  ));

-- 00021_conversations
-- Playground/chat conversations, messages and message feedback.

create type public.message_role as enum ('system', 'user', 'assistant', 'tool');

create table public.conversations (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  agent_id uuid references public.agents (id) on delete set null,
  project_id uuid references public.projects (id) on delete set null,
  title varchar(300),
  model_id text references public.models (id) on delete set null,
  system_prompt text,
  status varchar(16) not null default 'active',
  message_count integer not null default 0,
  total_tokens bigint not null default 0,
  total_cost numeric(14,8) not null default 0,
  is_pinned boolean not null default false,
  is_shared boolean not null default false,
  share_token varchar(64),
  metadata jsonb not null default '{}'::jsonb,
  last_message_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);

create unique index conversations_share_token_key on public.conversations (share_token) where share_token is not null;
create index conversations_account_last_message_idx on public.conversations (account_id, last_message_at desc) where deleted_at is null;
create index conversations_agent_id_idx on public.conversations (agent_id);
create index conversations_project_id_idx on public.conversations (project_id);
create index conversations_model_id_idx on public.conversations (model_id);

create table public.messages (
  id uuid primary key default gen_random_uuid(),
  conversation_id uuid not null references public.conversations (id) on delete cascade,
  parent_id uuid references public.messages (id) on delete set null,
  role public.message_role not null,
  content text,
  content_parts jsonb,
  tool_calls jsonb,
  tool_call_id varchar(64),
  model_id text,
  input_tokens integer,
  output_tokens integer,
  cost numeric(14,8),
  finish_reason varchar(32),
  latency_ms integer,
  request_id uuid,
  is_edited boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index messages_conversation_created_idx on public.messages (conversation_id, created_at);
create index messages_parent_id_idx on public.messages (parent_id);
create index messages_request_id_idx on public.messages (request_id) where request_id is not null;

create table public.message_feedback (
  id uuid primary key default gen_random_uuid(),
  message_id uuid not null references public.messages (id) on delete cascade,
  account_id uuid not null references public.accounts (id) on delete cascade,
  rating integer not null,
  comment text,
  categories text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint message_feedback_rating_check check (rating between -1 and 1)
);

create unique index message_feedback_message_account_key on public.message_feedback (message_id, account_id);
create index message_feedback_account_id_idx on public.message_feedback (account_id);

create trigger conversations_touch_updated_at
  before update on public.conversations
  for each row execute function public.touch_updated_at();
create trigger messages_touch_updated_at
  before update on public.messages
  for each row execute function public.touch_updated_at();

alter table public.conversations enable row level security;
alter table public.messages enable row level security;
alter table public.message_feedback enable row level security;

create policy "owners manage their conversations" on public.conversations
  for all to authenticated
  using (account_id = auth.uid())
  with check (account_id = auth.uid());

create policy "shared conversations are readable by everyone" on public.conversations
  for select to anon
  using (is_shared and share_token is not null and auth.role() = 'anon');

create policy "owners read messages of their conversations" on public.messages
  for select to authenticated
  using (exists (
    select 1 from public.conversations c
    where c.id = messages.conversation_id and c.account_id = auth.uid()
  ));

create policy "users manage their own feedback" on public.message_feedback
  for all to authenticated
  using (account_id = auth.uid())
  with check (account_id = auth.uid());

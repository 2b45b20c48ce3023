-- 00022_embeddings
-- Metadata for embedding collections; vectors live in an external store and
-- are referenced by vector_ref.

create table public.embedding_collections (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  project_id uuid references public.projects (id) on delete set null,
  name varchar(120) not null,
  description text,
  embedding_model_id text references public.models (id) on delete set null,
  dimensions integer not null default 1536,
  distance_metric varchar(16) not null default 'cosine',
  document_count integer not null default 0,
  chunk_count bigint not null default 0,
  total_tokens bigint not null default 0,
  chunk_size integer not null default 800,
  chunk_overlap integer not null default 100,
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint embedding_collections_metric_check check (distance_metric in ('cosine', 'l2', 'inner_product'))
);

create unique index embedding_collections_account_name_key on public.embedding_collections (account_id, name);
create index embedding_collections_project_id_idx on public.embedding_collections (project_id);

create table public.embedding_documents (
  id uuid primary key default gen_random_uuid(),
  collection_id uuid not null references public.embedding_collections (id) on delete cascade,
  account_id uuid not null references public.accounts (id) on delete cascade,
  external_id varchar(200),
  title text,
  source_url text,
  mime_type varchar(100),
  content_hash varchar(64) not null,
  byte_size bigint,
  chunk_count integer not null default 0,
  status varchar(16) not null default 'queued',
  error_message text,
  metadata jsonb not null default '{}'::jsonb,
  indexed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint embedding_documents_status_check check (status in ('queued', 'processing', 'indexed', 'failed'))
);

create unique index embedding_documents_collection_external_key on public.embedding_documents (collection_id, external_id) where external_id is not null;
create index embedding_documents_account_id_idx on public.embedding_documents (account_id);
create index embedding_documents_content_hash_idx on public.embedding_documents (content_hash);
create index embedding_documents_pending_idx on public.embedding_documents (created_at) where status in ('queued', 'processing');

create table public.embedding_chunks (
  id uuid primary key default gen_random_uuid(),
  document_id uuid not null references public.embedding_documents (id) on delete cascade,
  collection_id uuid not null references public.embedding_collections (id) on delete cascade,
  chunk_index integer not null,
  content text not null,
  content_hash varchar(64),
  token_count integer not null default 0,
  vector_ref text,
  start_offset integer,
  end_offset integer,
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);

create unique index embedding_chunks_document_index_key on public.embedding_chunks (document_id, chunk_index);
create index embedding_chunks_collection_id_idx on public.embedding_chunks (collection_id);

create trigger embedding_collections_touch_updated_at
  before update on public.embedding_collections
  for each row execute function public.touch_updated_at();
create trigger embedding_documents_touch_updated_at
  before update on public.embedding_documents
  for each row execute function public.touch_updated_at();

alter table public.embedding_collections enable row level security;
alter table public.embedding_documents enable row level security;
alter table public.embedding_chunks enable row level security;

create policy "owners manage their collections" on public.embedding_collections
  for all to authenticated
  using (account_id = auth.uid())
  with check (account_id = auth.uid());

create policy "owners read their documents" on public.embedding_documents
  for select to authenticated
  using (account_id = auth.uid());

create policy "owners read chunks of their collections" on public.embedding_chunks
  for select to authenticated
  using (exists (
    select 1 from public.embedding_collections c
    where c.id = embedding_chunks.collection_id and c.account_id = auth.uid()
  ));

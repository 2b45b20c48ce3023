-- 00009_models
-- Model catalogue with per-million-token pricing, aliases and provider routing.

create table public.models (
  id text primary key,
  provider_id uuid not null references public.model_providers (id) on delete restrict,
  name varchar(200) not null,
  family varchar(64),
  description text,
  context_length integer not null default 8192,
  max_output_tokens integer,
  input_price_per_million numeric(12,4) not null default 0,
  output_price_per_million numeric(12,4) not null default 0,
  cached_input_price_per_million numeric(12,4),
  modalities text[] not null default '{text}',
  supports_tools boolean not null default false,
  supports_json_mode boolean not null default false,
  active boolean not null default true,
  is_free boolean not null default false,
  release_date date,
  deprecated_at timestamptz,
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint models_prices_non_negative check (input_price_per_million >= 0 and output_price_per_million >= 0)
);

create index models_provider_id_idx on public.models (provider_id);
create index models_family_idx on public.models (family);
create index models_active_idx on public.models (name) where active;
create index models_modalities_idx on public.models using gin (modalities);

create table public.model_aliases (
  alias varchar(128) primary key,
  model_id text not null references public.models (id) on delete cascade,
  description text,
  is_default boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index model_aliases_model_id_idx on public.model_aliases (model_id);

create table public.provider_routes (
  id uuid primary key default gen_random_uuid(),
  model_id text not null references public.models (id) on delete cascade,
  provider_id uuid not null references public.model_providers (id) on delete cascade,
  upstream_model_name varchar(200) not null,
  region varchar(32) not null default 'global',
  priority integer not null default 100,
  weight integer not null default 1,
  is_enabled boolean not null default true,
  input_cost_per_million numeric(12,4),
  output_cost_per_million numeric(12,4),
  max_rps integer,
  timeout_ms integer,
  fallback_route_id uuid references public.provider_routes (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create unique index provider_routes_model_provider_region_key on public.provider_routes (model_id, provider_id, region);
create index provider_routes_provider_id_idx on public.provider_routes (provider_id);
create index provider_routes_enabled_idx on public.provider_routes (model_id, priority) where is_enabled;
create index provider_routes_fallback_route_id_idx on public.provider_routes (fallback_route_id);

create trigger models_touch_updated_at
  before update on public.models
  for each row execute function public.touch_updated_at();
create trigger provider_routes_touch_updated_at
  before update on public.provider_routes
  for each row execute function public.touch_updated_at();

alter table public.models enable row level security;
alter table public.model_aliases enable row level security;
alter table public.provider_routes enable row level security;

create policy "active models are readable by everyone" on public.models
  for select to anon, authenticated
  using (active and auth.role() in ('anon', 'authenticated'));

create policy "service role manages models" on public.models
  for all to service_role
  using (auth.role() = 'service_role')
  with check (auth.role() = 'service_role');

create policy "model aliases are readable by everyone" on public.model_aliases
  for select to anon, authenticated
  using (auth.role() in ('anon', 'authenticated'));

create policy "service role manages provider routes" on public.provider_routes
  for all to service_role
  using (auth.role() = 'service_role')
  with check (auth.role() = 'service_role');

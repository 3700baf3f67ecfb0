-- The embedded vector store (used when Qdrant:Url is empty): one row per chunk and collection.
-- A collection names provider, model and dimension, so vectors of different models never mix.
create table chunk_vectors (
    collection   text    not null,
    point_id     uuid    not null,
    tenant_id    text    not null,
    document_id  uuid    not null,
    ordinal      integer not null,
    page         integer,
    section      text,
    text_hash    text    not null,
    vector       real[]  not null,
    created_at   timestamptz not null default now(),
    primary key (collection, point_id)
);
create index chunk_vectors_tenant_document on chunk_vectors (collection, tenant_id, document_id);

create extension if not exists pg_trgm;
create index chunks_text_trgm on chunks using gin (text gin_trgm_ops);
create index chunks_tenant_document on chunks (tenant_id, document_id);

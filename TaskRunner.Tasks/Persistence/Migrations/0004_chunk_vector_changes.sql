-- Change tracking for the embedded vector store, so each process can keep an in-memory copy of a tenant's vectors
-- and refresh it incrementally. Every inserted or updated row carries the id of the transaction that wrote it; every
-- deleted row is logged with the id of the deleting transaction. A reader that remembers the xmin of its last
-- snapshot re-reads only rows and deletions written by transactions at or after that xmin: any transaction that
-- committed after the snapshot has such an id, whatever order transactions commit in.
alter table chunk_vectors add column written_xid xid8 not null default pg_current_xact_id();
create index chunk_vectors_written on chunk_vectors (collection, tenant_id, written_xid);

create table chunk_vector_deletions (
    collection  text        not null,
    tenant_id   text        not null,
    point_id    uuid        not null,
    deleted_xid xid8        not null default pg_current_xact_id(),
    deleted_at  timestamptz not null default now()
);
create index chunk_vector_deletions_xid on chunk_vector_deletions (collection, tenant_id, deleted_xid);
create index chunk_vector_deletions_at on chunk_vector_deletions (deleted_at);

create function chunk_vectors_stamp() returns trigger language plpgsql as $$
begin
    new.written_xid := pg_current_xact_id();
    return new;
end $$;

create trigger chunk_vectors_stamp before update on chunk_vectors
    for each row execute function chunk_vectors_stamp();

create function chunk_vectors_log_deletes() returns trigger language plpgsql as $$
begin
    insert into chunk_vector_deletions (collection, tenant_id, point_id) select collection, tenant_id, point_id from gone;
    return null;
end $$;

create trigger chunk_vectors_log_deletes after delete on chunk_vectors
    referencing old table as gone for each statement execute function chunk_vectors_log_deletes();

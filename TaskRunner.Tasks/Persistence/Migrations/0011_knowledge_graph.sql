-- A light knowledge graph for chat retrieval (issue #13), rebuilt per document by the ingest task's graph step.
-- graph_terms: the key terms and named entities of each chunk (nodes, with the chunk they point to);
-- graph_edges: per document, how strongly two terms are linked (co-occurrence in a chunk, adjacency of chunks in one
-- section), stored in both directions so a query expands through `source = any(terms)` alone.
-- Both go with their document (on delete cascade); a re-run of the step replaces the document's rows.
create table graph_terms (
    tenant_id   text    not null,
    document_id uuid    not null references documents (id) on delete cascade,
    ordinal     integer not null,
    term        text    not null,
    weight      real    not null,
    primary key (document_id, ordinal, term)
);
create index graph_terms_tenant_term on graph_terms (tenant_id, term);

create table graph_edges (
    tenant_id   text not null,
    document_id uuid not null references documents (id) on delete cascade,
    source      text not null,
    target      text not null,
    weight      real not null,
    primary key (document_id, source, target)
);
create index graph_edges_tenant_source on graph_edges (tenant_id, source);

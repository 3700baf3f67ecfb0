-- Keyword search through an index (issue #14): each chunk carries the distinct tokens of its text, made by the C#
-- ChunkTokenizer (lower-cased words and numbers, CJK single characters and bigrams), and a GIN index over them serves
-- `tokens && query_terms`. Rows written before this migration have null tokens until the Workers' backfill
-- (ChunkTokenBackfill) fills them with the same tokenizer; a SQL backfill could not promise the same tokens.
alter table chunks add column tokens text[];
create index chunks_tokens on chunks using gin (tokens);
create index chunks_tokens_pending on chunks (id) where tokens is null;
-- The summed weight of the query terms a chunk holds. In PL/pgSQL the tokens array is read (detoasted) once per row;
-- a plain SQL expression over unnest(terms) would read it again for every term.
create function keyword_score(tokens text[], terms text[], weights real[]) returns float8
    language plpgsql immutable strict parallel safe as $$
declare
    score float8 := 0;
begin
    for i in 1 .. cardinality(terms) loop
        if terms[i] = any(tokens) then
            score := score + weights[i];
        end if;
    end loop;
    return score;
end $$;

-- The trigram index served only the ILIKE patterns keyword search no longer sends, and it was the most expensive part
-- of writing Chinese chunks (its GIN pending list grows by a couple of hundred trigrams per chunk).
drop index chunks_text_trgm;

-- Honest document status (issue #14): 'indexing' between extraction and embedding; 'ready' only once the vectors are
-- written; a failed ingestion keeps its error code and message on the document.
alter table documents drop constraint documents_status_check;
alter table documents add constraint documents_status_check check (status in ('pending', 'indexing', 'ready', 'failed', 'deleting'));
alter table documents add column error_code text, add column error_message text;

-- Keyword search through an index (issue #14): each chunk carries the distinct tokens of its text, made by the C#
-- ChunkTokenizer (lower-cased words and numbers, CJK single characters and bigrams), and a GIN index over them serves
-- `tokens && query_terms`. Rows written before this migration have null tokens until the Workers' backfill
-- (ChunkTokenBackfill) fills them with the same tokenizer; a SQL backfill could not promise the same tokens.
alter table chunks add column tokens text[];
create index chunks_tokens on chunks using gin (tokens);
create index chunks_tokens_pending on chunks (id) where tokens is null;

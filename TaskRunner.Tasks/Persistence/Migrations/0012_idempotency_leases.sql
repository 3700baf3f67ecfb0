-- Idempotency claims hold a lease: a claim whose process died (or whose response could not be stored) is taken over by
-- a retry once lease_until passes, instead of answering 409 for a day. claim_token names the current holder, so a
-- holder that lost its claim cannot complete it. submission_seed stays with the key across takeovers: task ids are
-- derived from it, so a retry that runs the endpoint again finds the task the first attempt already submitted.
alter table idempotency_keys add column lease_until timestamptz not null default now();
alter table idempotency_keys add column claim_token uuid;
alter table idempotency_keys add column submission_seed uuid not null default gen_random_uuid();

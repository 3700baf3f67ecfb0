-- Exercises written by generation tasks. (task_id, ordinal) is unique, so a re-run or a regeneration of one item
-- upserts in place instead of adding a second copy.
create table exercises (
    id            uuid primary key,
    tenant_id     text        not null,
    task_id       uuid        not null,
    document_ids  uuid[]      not null default '{}',
    ordinal       integer     not null,
    type          text        not null check (type in ('multiple_choice', 'fill_in_blank', 'true_false', 'short_answer')),
    question      text        not null,
    options       jsonb       not null default '[]',
    answer        text        not null,
    explanation   text,
    difficulty    text        not null check (difficulty in ('easy', 'medium', 'hard')),
    language      text        not null,
    source        jsonb,
    generator     text        not null check (generator in ('llm', 'offline')),
    created_at    timestamptz not null default now(),
    unique (task_id, ordinal)
);
create index exercises_tenant_created on exercises (tenant_id, created_at desc, id);
create index exercises_document_ids on exercises using gin (document_ids);

-- Answers to exercises. Objective types are graded on arrival; short answers by an exercise.grade task (task_id).
create table submissions (
    id           uuid primary key,
    tenant_id    text        not null,
    exercise_id  uuid        not null references exercises (id) on delete cascade,
    answer       text        not null,
    correct      boolean,
    score        real,
    feedback     text,
    grader       text,
    task_id      uuid,
    created_at   timestamptz not null default now(),
    graded_at    timestamptz
);
create index submissions_exercise on submissions (exercise_id);

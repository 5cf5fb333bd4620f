-- Member agents: their credentials, the work the federation keeps for each cluster, and what
-- agents report back.

-- Settings of the federation itself, such as the hash of the join token.
CREATE TABLE federation_settings (
    key   text PRIMARY KEY,
    value text NOT NULL
);

-- One row per cluster that asked to join: where its request stands, and the hash of the
-- credential it was given. The credential itself is never stored.
CREATE TABLE agent_credentials (
    cluster_uid     uuid        PRIMARY KEY REFERENCES resources (uid) ON DELETE CASCADE,
    cluster         text        NOT NULL UNIQUE,
    state           text        NOT NULL
                                CHECK (state IN ('AWAITING_APPROVAL', 'APPROVED', 'JOINED', 'DENIED', 'ROTATED')),
    join_request_id text        NOT NULL,
    credential_hash text        UNIQUE,
    updated_at      timestamptz NOT NULL
);

-- The complete desired state of each workload in each cluster, as agents fetch it. A tombstone
-- (deleted) tells the agent to remove the workload; tombstones are kept for a retention period.
-- Revisions come from the global sequence, written under one lock so that they commit in order.
CREATE TABLE cluster_work (
    cluster      text        NOT NULL,
    workload_uid uuid        NOT NULL,
    namespace    text        NOT NULL,
    name         text        NOT NULL,
    generation   bigint      NOT NULL,
    revision     bigint      NOT NULL,
    manifests    jsonb       NOT NULL,
    error        text,
    deleted      boolean     NOT NULL DEFAULT false,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (cluster, workload_uid)
);
CREATE INDEX cluster_work_revision_idx ON cluster_work (cluster, revision);

-- The latest report of each agent about each workload in its cluster.
CREATE TABLE agent_reports (
    cluster        text        NOT NULL,
    workload_uid   uuid        NOT NULL REFERENCES resources (uid) ON DELETE CASCADE,
    generation     bigint      NOT NULL,
    applied        boolean     NOT NULL,
    replicas       int         NOT NULL,
    ready_replicas int         NOT NULL,
    errors         jsonb       NOT NULL,
    services       jsonb       NOT NULL,
    reported_at    timestamptz NOT NULL,
    PRIMARY KEY (cluster, workload_uid)
);

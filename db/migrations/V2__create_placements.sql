-- The scheduler's decisions and the capacity they commit. A workload's rows go with it.

-- The latest decision for each workload, with its explanation.
CREATE TABLE placement_decisions (
    workload_uid             uuid        PRIMARY KEY REFERENCES resources (uid) ON DELETE CASCADE,
    -- What the decision was made from: the workload's generation and its policy's revision.
    workload_generation      bigint      NOT NULL,
    policy_version           bigint      NOT NULL DEFAULT 0,
    decided_at               timestamptz NOT NULL,
    outcome                  text        NOT NULL CHECK (outcome IN ('PLACED', 'PARTIAL', 'UNSCHEDULABLE')),
    summary                  text        NOT NULL,
    explanation              jsonb       NOT NULL,
    scale_back_pending_since timestamptz
);

-- The capacity ledger: replicas committed to each cluster, with what one replica requests. The
-- scheduler adds it to what clusters report as used outside the federation, so that decisions
-- never overcommit a cluster, whichever scheduler made them and whenever.
CREATE TABLE placement_ledger (
    workload_uid uuid   NOT NULL REFERENCES resources (uid) ON DELETE CASCADE,
    cluster      text   NOT NULL,
    replicas     int    NOT NULL CHECK (replicas > 0),
    cpu_millis   bigint NOT NULL CHECK (cpu_millis >= 0),
    memory_bytes bigint NOT NULL CHECK (memory_bytes >= 0),
    pods         bigint NOT NULL CHECK (pods >= 0),
    PRIMARY KEY (workload_uid, cluster)
);
CREATE INDEX placement_ledger_cluster_idx ON placement_ledger (cluster);

-- One row: the fencing token of the active scheduler. A scheduler that takes over increments the
-- epoch; writes by a scheduler whose epoch is no longer current are refused.
CREATE TABLE scheduler_lease (
    id          int         PRIMARY KEY CHECK (id = 1),
    epoch       bigint      NOT NULL,
    holder      text        NOT NULL,
    acquired_at timestamptz NOT NULL
);
INSERT INTO scheduler_lease (id, epoch, holder, acquired_at) VALUES (1, 0, '', now());

-- Staged rollouts. A workload revision is an immutable, numbered snapshot of what the federation
-- propagates for a workload (its template, resources and overrides); a new one is made only when
-- that content changes. A rollout brings one revision to the workload's clusters stage by stage,
-- and each cluster is assigned the revision it runs.

CREATE TABLE workload_revisions (
    workload_uid          uuid        NOT NULL REFERENCES resources (uid) ON DELETE CASCADE,
    revision              int         NOT NULL CHECK (revision > 0),
    generation            bigint      NOT NULL,
    content               jsonb       NOT NULL,
    content_hash          text        NOT NULL,
    changes               jsonb       NOT NULL DEFAULT '[]',
    created_at            timestamptz NOT NULL,
    healthy_everywhere_at timestamptz,
    PRIMARY KEY (workload_uid, revision)
);

-- The rollout of each workload: the revision being rolled out (target), the last one healthy on
-- every cluster it reached (stable), the phase, and the rest of the state machine's state (stage,
-- gate, approvals, the strategy it started with) as the machine keeps it.
CREATE TABLE workload_rollouts (
    workload_uid    uuid        PRIMARY KEY REFERENCES resources (uid) ON DELETE CASCADE,
    target_revision int         NOT NULL,
    stable_revision int,
    phase           text        NOT NULL,
    state           jsonb       NOT NULL,
    updated_at      timestamptz NOT NULL
);
-- The scheduler looks at the rollouts in progress on every pass: few, found through this index.
CREATE INDEX workload_rollouts_in_progress_idx ON workload_rollouts (workload_uid)
    WHERE phase NOT IN ('COMPLETE', 'ABORTED');

-- The revision each cluster of a workload is assigned, and how that cluster's update stands.
CREATE TABLE rollout_clusters (
    workload_uid      uuid        NOT NULL REFERENCES resources (uid) ON DELETE CASCADE,
    cluster           text        NOT NULL,
    assigned_revision int         NOT NULL,
    state             text        NOT NULL,
    since             timestamptz NOT NULL,
    reason            text,
    PRIMARY KEY (workload_uid, cluster)
);
CREATE INDEX rollout_clusters_cluster_idx ON rollout_clusters (cluster);

-- The work of a cluster names the workload revision it was rendered from (null before rollouts).
ALTER TABLE cluster_work ADD COLUMN workload_revision int;

-- Agents report the workload revision whose objects they applied, all of them, and how often the
-- updated pods' containers restarted (null from agents that do not tell).
ALTER TABLE agent_reports
    ADD COLUMN workload_revision int,
    ADD COLUMN restarts          int CHECK (restarts >= 0);

-- Which workloads name a rollout strategy, so that deleting one that is in use is refused without
-- reading every workload (as resources_policy_ref_idx does for placement policies).
CREATE INDEX resources_rollout_strategy_ref_idx ON resources ((spec -> 'rolloutStrategy' ->> 'strategyRef'))
    WHERE kind = 'FederatedWorkload';

-- What the federation did to each workload (placed it, moved it, failed it over, rolled it out), as
-- Kubernetes core v1 Events: written by the scheduler and the rollout step in the transaction of the
-- decision they describe, served read-only at /api/v1/.../events, deleted after ubernetes.events.ttl.
-- Events of a workload outlive it until then, as Kubernetes' do; the same reason and message for the
-- same object within the correlation window bump count and last_timestamp instead of adding a row.
CREATE SEQUENCE workload_event_version_seq AS bigint;

CREATE TABLE workload_events (
    uid              uuid        PRIMARY KEY,
    -- The event's own namespace: the workload's, or "default" for a cluster-scoped one (as
    -- Kubernetes' event recorder files them).
    namespace        text        NOT NULL,
    name             text        NOT NULL,
    object_kind      text        NOT NULL,
    -- Empty for a cluster-scoped workload.
    object_namespace text        NOT NULL,
    object_name      text        NOT NULL,
    object_uid       uuid        NOT NULL,
    type             text        NOT NULL CHECK (type IN ('Normal', 'Warning')),
    reason           text        NOT NULL,
    message          text        NOT NULL,
    component        text        NOT NULL,
    count            integer     NOT NULL CHECK (count > 0),
    first_timestamp  timestamptz NOT NULL,
    last_timestamp   timestamptz NOT NULL,
    -- Drawn from workload_event_version_seq on every write, under a transaction-level lock that the
    -- writers share, so that versions commit in order: a watch that read version N has seen every
    -- event below it that will ever exist.
    resource_version bigint      NOT NULL,
    CONSTRAINT workload_events_namespace_name_key UNIQUE (namespace, name)
);

-- Correlation: the newest event of an object with a reason and message.
CREATE INDEX workload_events_object_idx ON workload_events (object_uid, reason, last_timestamp);

-- Watches read what changed after a version; retention deletes by age.
CREATE UNIQUE INDEX workload_events_resource_version_key ON workload_events (resource_version);
CREATE INDEX workload_events_last_timestamp_idx ON workload_events (last_timestamp);

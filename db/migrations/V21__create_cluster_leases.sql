-- Each member cluster's lease, renewed by every heartbeat in one narrow upsert, as Kubernetes'
-- node Leases are: the failure detector judges liveness by it, while the MemberCluster's status is
-- written only when something in it changes or its last heartbeat time grows old.
CREATE TABLE cluster_leases (
    cluster     text        PRIMARY KEY,
    renewed_at  timestamptz NOT NULL
);

-- What agents report about their workloads' pods, beside the replica counts: replicas that run the
-- applied template and replicas available for their minReadySeconds (null from older agents), the
-- pods that do not run as they should with the member's own reason, and, for the scheduler, how
-- many pods no node can take and since when.
ALTER TABLE agent_reports
    ADD COLUMN updated_replicas      int,
    ADD COLUMN available_replicas    int,
    ADD COLUMN pod_issues            jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN unschedulable_pods    int   NOT NULL DEFAULT 0 CHECK (unschedulable_pods >= 0),
    ADD COLUMN unschedulable_since   timestamptz;

-- The scheduler looks for replicas that have waited for a node longer than the grace period.
CREATE INDEX agent_reports_unschedulable_idx ON agent_reports (unschedulable_since)
    WHERE unschedulable_since IS NOT NULL;

-- Clusters that could not schedule a workload's replicas for longer than the grace period: the
-- scheduler moved the replicas elsewhere, and gives that cluster none of the workload's replicas
-- back until the hold ends, however cheap it looks, so that they do not bounce back and forth.
CREATE TABLE unschedulable_holds (
    workload_uid uuid        NOT NULL REFERENCES resources (uid) ON DELETE CASCADE,
    cluster      text        NOT NULL,
    since        timestamptz NOT NULL,
    reason       text,
    until        timestamptz NOT NULL,
    PRIMARY KEY (workload_uid, cluster)
);
CREATE INDEX unschedulable_holds_until_idx ON unschedulable_holds (until);

-- Folding a workload's status reads every cluster's report about it.
CREATE INDEX agent_reports_workload_idx ON agent_reports (workload_uid);

-- The most replicas the members' autoscalers may run of a FederatedWorkload in one member cluster, as its
-- charge admitted them: the maxReplicas of the HorizontalPodAutoscaler among its resources that scales its
-- template, the largest over the clusters it may land on once override policies apply; 0 when the federation
-- sets its replicas. Member ResourceQuotas leave room for it where the workload holds a share. Rows written
-- before it are charged again, and given it, by the recount when the service starts.
ALTER TABLE workload_charges
    ADD COLUMN member_max_replicas integer NOT NULL DEFAULT 0 CHECK (member_max_replicas >= 0);

-- Make-before-break moves. A ledger row now holds two counts for a workload in a cluster: the
-- replicas the cluster is told to run now (replicas) and those the placement decision wants there
-- (target_replicas). They differ only while replicas move: new ones start first, old ones go as
-- the new ones become ready. The ledger commits the larger of the two, so capacity a move is about
-- to use is never given to another workload.
ALTER TABLE placement_ledger ADD COLUMN target_replicas int;
UPDATE placement_ledger SET target_replicas = replicas;
ALTER TABLE placement_ledger ALTER COLUMN target_replicas SET NOT NULL;
ALTER TABLE placement_ledger DROP CONSTRAINT placement_ledger_replicas_check;
ALTER TABLE placement_ledger ADD CONSTRAINT placement_ledger_replicas_check
    CHECK (replicas >= 0 AND target_replicas >= 0 AND replicas + target_replicas > 0);

-- Workloads whose replicas are moving: every scheduling pass takes them up again.
CREATE INDEX placement_ledger_moving_idx ON placement_ledger (workload_uid)
    WHERE replicas <> target_replicas;

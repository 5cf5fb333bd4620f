-- The active scheduler renews its lease: a standby takes over when the lease runs out even if the
-- database still holds the active scheduler's session (its process frozen, its host cut off
-- without the connection being closed), instead of waiting for TCP to notice, which takes hours.
ALTER TABLE scheduler_lease
    ADD COLUMN renewed_at timestamptz NOT NULL DEFAULT now();

-- The epoch each decision was written with: which scheduler wrote it, and proof that none wrote
-- after it was superseded.
ALTER TABLE placement_decisions
    ADD COLUMN epoch bigint NOT NULL DEFAULT 0;

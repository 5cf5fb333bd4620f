-- What each FederatedWorkload asks for in full, as its namespace's FederatedResourceQuotas count it: its
-- pod template's requests per replica times its full desired replicas. Written in the transaction of every
-- write of the workload, so that admission sums the namespace's charges without reading every spec; a
-- workload's charge goes with its row.
CREATE TABLE workload_charges (
    workload_uid uuid   PRIMARY KEY REFERENCES resources (uid) ON DELETE CASCADE,
    namespace    text   NOT NULL,
    cpu_millis   bigint NOT NULL CHECK (cpu_millis >= 0),
    memory_bytes bigint NOT NULL CHECK (memory_bytes >= 0),
    pods         bigint NOT NULL CHECK (pods >= 0),
    workloads    bigint NOT NULL CHECK (workloads >= 0)
);

CREATE INDEX workload_charges_namespace_idx ON workload_charges (namespace);

-- Every API object lives in one table, keyed by (kind, namespace, name), as the Kubernetes API server keys its
-- storage. Cluster-scoped objects have the empty namespace so that the unique key covers them too.
CREATE SEQUENCE resource_version_seq AS bigint;

CREATE TABLE resources (
    uid              uuid        PRIMARY KEY,
    kind             text        NOT NULL,
    namespace        text        NOT NULL DEFAULT '',
    name             text        NOT NULL,
    labels           jsonb       NOT NULL DEFAULT '{}',
    annotations      jsonb       NOT NULL DEFAULT '{}',
    spec             jsonb       NOT NULL,
    status           jsonb       NOT NULL DEFAULT '{}',
    generation       bigint      NOT NULL CHECK (generation > 0),
    -- Drawn from resource_version_seq on every write: one global, monotonically increasing revision.
    resource_version bigint      NOT NULL,
    created_at       timestamptz NOT NULL,
    CONSTRAINT resources_kind_namespace_name_key UNIQUE (kind, namespace, name),
    CONSTRAINT resources_labels_is_object CHECK (jsonb_typeof(labels) = 'object'),
    CONSTRAINT resources_annotations_is_object CHECK (jsonb_typeof(annotations) = 'object')
);

-- Label selectors: equality and set membership become containment (@>), existence becomes ?; both use GIN.
CREATE INDEX resources_labels_idx ON resources USING gin (labels);

-- The newest revision (a list's resourceVersion) and, later, "what changed since revision N".
CREATE UNIQUE INDEX resources_resource_version_key ON resources (resource_version);

-- Workloads that reference a placement policy (a policy in use cannot be deleted).
CREATE INDEX resources_policy_ref_idx ON resources ((spec -> 'placement' ->> 'policyRef'))
    WHERE kind = 'FederatedWorkload';

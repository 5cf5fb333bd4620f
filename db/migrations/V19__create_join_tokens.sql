-- Join tokens an admin issues for one new cluster each (ubj_<id>_<secret>), beside the federation's
-- bootstrap join token in federation_settings. Only a SHA-256 of the secret is stored. A token joins
-- once: the join that spends it records the cluster and the agent's request id, so that the same
-- agent may ask again (a lost answer, an approval awaited) and nobody else may.
CREATE TABLE join_tokens (
    id                text        PRIMARY KEY,
    cluster           text,
    hash              text        NOT NULL,
    created_at        timestamptz NOT NULL,
    created_by        text        NOT NULL,
    expires_at        timestamptz NOT NULL,
    used_at           timestamptz,
    used_by_cluster   text,
    used_by_request   text,
    revoked_at        timestamptz
);

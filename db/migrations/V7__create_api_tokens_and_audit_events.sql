-- Authentication and accountability: API tokens for set-ups without an identity provider, and the
-- audit log of every change and every refused attempt.

-- API tokens (ubt_<id>_<secret>). The secret itself is never stored: only a salted SHA-256.
CREATE TABLE api_tokens (
    id          text        PRIMARY KEY,
    name        text        NOT NULL,
    role        text        NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    namespaces  text[]      NOT NULL DEFAULT '{}',
    salt        text        NOT NULL,
    hash        text        NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  text        NOT NULL,
    expires_at  timestamptz,
    revoked_at  timestamptz
);

-- Append-only: rows are inserted, never changed or removed (the trigger refuses both).
CREATE TABLE audit_events (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL,
    subject    text,
    token_id   text,
    verb       text        NOT NULL,
    resource   text        NOT NULL,
    namespace  text,
    name       text,
    rv_before  text,
    rv_after   text,
    source     text,
    status     int         NOT NULL,
    outcome    text        NOT NULL CHECK (outcome IN ('allowed', 'denied', 'failed')),
    detail     text
);
CREATE INDEX audit_events_at_idx ON audit_events (at, id);

CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_events_append_only
    BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

CREATE TRIGGER audit_events_no_truncate
    BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

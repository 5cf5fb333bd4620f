-- Watches: every change of an object, as the object stood after it, kept for the history window so that
-- a client can resume a watch from any resourceVersion in it; deleted objects are gone from resources,
-- their last state stays here. A trigger writes the event in the transaction that makes the change, so
-- that the event exists exactly when the change does, whichever statement made it.
CREATE TABLE resource_events (
    resource_version bigint      PRIMARY KEY,
    type             text        NOT NULL CHECK (type IN ('ADDED', 'MODIFIED', 'DELETED')),
    uid              uuid        NOT NULL,
    kind             text        NOT NULL,
    namespace        text        NOT NULL,
    name             text        NOT NULL,
    labels           jsonb       NOT NULL,
    -- The labels before a change: a watch with a label selector sees an object leave its selection.
    old_labels       jsonb,
    annotations      jsonb       NOT NULL,
    spec             jsonb       NOT NULL,
    status           jsonb       NOT NULL,
    managed_fields   jsonb       NOT NULL,
    generation       bigint      NOT NULL,
    created_at       timestamptz NOT NULL,
    recorded_at      timestamptz NOT NULL DEFAULT now()
);

-- Pruning after the history window.
CREATE INDEX resource_events_recorded_at_idx ON resource_events (recorded_at);

-- A resourceVersion is drawn only once the drawing transaction has its id. A watch reader that sees rv 10
-- committed but rv 9 missing then finds 9's transaction in its snapshot's in-progress list (or ended), and
-- holds 10 back until that list has ended; without the id first, the drawer of 9 could be invisible to the
-- snapshot and 9 skipped for good.
CREATE FUNCTION next_resource_version() RETURNS bigint AS $$
BEGIN
    PERFORM pg_current_xact_id();
    RETURN nextval('resource_version_seq');
END;
$$ LANGUAGE plpgsql VOLATILE;

-- A deletion's resourceVersion is drawn by the deleting transaction beforehand (its answer carries it)
-- and handed over in the transaction-local setting ubernetes.deletion_resource_version; a deletion
-- without one draws its own.
CREATE FUNCTION resource_events_record() RETURNS trigger AS $$
DECLARE
    deletion text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        deletion := current_setting('ubernetes.deletion_resource_version', true);
        PERFORM set_config('ubernetes.deletion_resource_version', '', true);
        INSERT INTO resource_events (resource_version, type, uid, kind, namespace, name, labels, old_labels,
                                     annotations, spec, status, managed_fields, generation, created_at)
        VALUES (coalesce(nullif(deletion, '')::bigint, next_resource_version()), 'DELETED', OLD.uid,
                OLD.kind, OLD.namespace, OLD.name, OLD.labels, OLD.labels, OLD.annotations, OLD.spec,
                OLD.status, OLD.managed_fields, OLD.generation, OLD.created_at);
    ELSIF TG_OP = 'INSERT' OR NEW.resource_version <> OLD.resource_version THEN
        INSERT INTO resource_events (resource_version, type, uid, kind, namespace, name, labels, old_labels,
                                     annotations, spec, status, managed_fields, generation, created_at)
        VALUES (NEW.resource_version, CASE WHEN TG_OP = 'INSERT' THEN 'ADDED' ELSE 'MODIFIED' END, NEW.uid,
                NEW.kind, NEW.namespace, NEW.name, NEW.labels,
                CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.labels END, NEW.annotations, NEW.spec,
                NEW.status, NEW.managed_fields, NEW.generation, NEW.created_at);
    END IF;
    -- One notification per transaction: PostgreSQL folds identical ones.
    PERFORM pg_notify('ubernetes_resource_events', '');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER resource_events_record
    AFTER INSERT OR UPDATE OR DELETE ON resources
    FOR EACH ROW EXECUTE FUNCTION resource_events_record();

-- Replicas keep the joined clusters' credentials in memory. Any change to them, a cluster deleted
-- with its credential (ON DELETE CASCADE) included, tells every replica to forget what it knows;
-- the notification is delivered when the change commits. Such changes are rare (joins, approvals,
-- denials, rotations, deletions), so one statement-level notification without a payload is enough.
CREATE FUNCTION agent_credentials_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('ubernetes_agent_credentials', '');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER agent_credentials_notify
    AFTER INSERT OR UPDATE OR DELETE ON agent_credentials
    FOR EACH STATEMENT EXECUTE FUNCTION agent_credentials_notify();

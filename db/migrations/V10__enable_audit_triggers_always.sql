-- The audit log stays append-only in every session: a trigger enabled the default way does not fire
-- while session_replication_role is 'replica', which let a superuser's session delete audit rows.
-- ALWAYS fires them in replication sessions too.
ALTER TABLE audit_events ENABLE ALWAYS TRIGGER audit_events_append_only;
ALTER TABLE audit_events ENABLE ALWAYS TRIGGER audit_events_no_truncate;

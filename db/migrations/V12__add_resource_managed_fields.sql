-- Who owns which fields of an object (Kubernetes' metadata.managedFields, for server-side apply): a list of
-- {manager, operation, apiVersion, time, fieldsType, fieldsV1} entries, written with the object by its table's owner.
ALTER TABLE resources ADD COLUMN managed_fields jsonb NOT NULL DEFAULT '[]';
ALTER TABLE resources ADD CONSTRAINT resources_managed_fields_is_array CHECK (jsonb_typeof(managed_fields) = 'array');

-- The cluster sets an API token may bind to the namespaces it writes (ClusterSetBindings). Admin
-- tokens bind any set and keep the empty default; existing tokens are granted none.
ALTER TABLE api_tokens ADD COLUMN cluster_sets text[] NOT NULL DEFAULT '{}';

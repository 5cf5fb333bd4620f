-- A unique index on resource_version made every write of a resource a key update (PostgreSQL counts
-- any column of a unique index as key). A key update takes the strongest row lock, which waits for the
-- KEY SHARE locks that inserts into tables referencing resources(uid) take (placements, cluster work,
-- agent reports): two transactions that each inserted such a row and then wrote the same resource
-- deadlocked. resource_version_seq already makes the values unique; the index only has to find them.
DROP INDEX resources_resource_version_key;
CREATE INDEX resources_resource_version_idx ON resources (resource_version);

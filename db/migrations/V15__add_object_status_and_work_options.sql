-- How each object of a workload's work is doing in a member cluster (health by the rule of its
-- kind, and the status fields the workload asks to be reported back), as the agent last reported.
ALTER TABLE agent_reports
    ADD COLUMN objects jsonb NOT NULL DEFAULT '[]';

-- What the agent is told with each workload's work: whether an autoscaler in the member owns the
-- replicas (set on create, never reset), and which status fields of the objects to report back.
ALTER TABLE cluster_work
    ADD COLUMN replicas_owned_by_member boolean NOT NULL DEFAULT false,
    ADD COLUMN feedback                 jsonb   NOT NULL DEFAULT '[]';

-- Federated services by the workload they front: a placement renders the Services of the workloads
-- it places, and a service's write re-renders the work of the workload it fronts.
CREATE INDEX resources_service_workload_idx ON resources (namespace, (spec ->> 'workload'))
    WHERE kind = 'FederatedService';

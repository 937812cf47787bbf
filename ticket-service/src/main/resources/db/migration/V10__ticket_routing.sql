-- How the ticket came to its queue and assignee, for the workspace's side panel: the routing rule (or the breach
-- escalation) and, when a person was chosen, how (on-call:<rota>, cover:<cover>).
ALTER TABLE ticket ADD COLUMN routing_rule text, ADD COLUMN routing_via text, ADD COLUMN routed_at timestamptz;

-- Every SLA clock of the ticket as escalation-service last announced them (sla-due's clocks, marked breached by
-- sla-breached): a JSON array of {metric, state, dueAt}, for the workspace's SLA panel. NULL until announced.
ALTER TABLE ticket ADD COLUMN sla_clocks text;

-- The ticket's next SLA due time as escalation-service announces it (sla-due): the workspace's "SLA due within 1 hour
-- / breached" view lists open tickets by it. NULL when no clock runs.
ALTER TABLE ticket ADD COLUMN sla_due_at timestamptz, ADD COLUMN sla_metric text;
CREATE INDEX ticket_sla_due ON ticket (sla_due_at, id) WHERE sla_due_at IS NOT NULL AND status IN ('new', 'open');

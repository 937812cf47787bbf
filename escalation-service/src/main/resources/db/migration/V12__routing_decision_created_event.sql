-- The tickets.v1 created event a decision was made from. A ticket has one decision, so a created event applied again
-- finds it and changes nothing: the decision is that event's idempotency mark, and it writes no processed_event row.
ALTER TABLE routing_decision ADD COLUMN created_event_id uuid;

-- The ce_sequence of the last escalations.v1 event applied to the ticket. escalation-service publishes a ticket's
-- events in the order of its outbox ids, keyed by the ticket, so an event at or below this mark is a redelivery:
-- routing decisions and due times then need no processed_event row. Null until the ticket's first such event.
ALTER TABLE ticket ADD COLUMN escalation_sequence bigint;

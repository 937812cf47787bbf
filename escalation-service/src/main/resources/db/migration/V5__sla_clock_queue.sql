-- SLA targets may differ per queue: a clock remembers the queue the ticket was routed to.
ALTER TABLE sla_clock ADD COLUMN queue varchar(64);

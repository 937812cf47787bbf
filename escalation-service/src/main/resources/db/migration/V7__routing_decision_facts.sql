-- What the rules saw when the ticket was routed, so a tag added later can be tried against the rules again.
ALTER TABLE routing_decision
    ADD COLUMN subject          text,
    ADD COLUMN body_excerpt     text,
    ADD COLUMN requester_email  varchar(320),
    ADD COLUMN ticket_priority  varchar(16);

-- The SLA policy (business calendar, targets, breach escalation) is data: every save is a new version; the
-- highest version is in force. Before any is saved, version 0 comes from the service's configuration.
CREATE TABLE sla_policy (
    version             bigserial PRIMARY KEY,
    policy              text          NOT NULL,   -- the policy as JSON, as validated on save
    saved_by            varchar(256)  NOT NULL,
    saved_at            timestamptz   NOT NULL DEFAULT now()
);

-- Targets may differ per customer segment: a clock remembers the requester's segment at routing.
ALTER TABLE sla_clock ADD COLUMN segment varchar(64);
ALTER TABLE routing_decision ADD COLUMN segment varchar(64);

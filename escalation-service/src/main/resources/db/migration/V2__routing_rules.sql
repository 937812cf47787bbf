-- Routing rules are data: every save is a new version; the highest version is in force.
CREATE TABLE routing_rule_set (
    version             bigserial PRIMARY KEY,
    rules               text          NOT NULL,   -- the rule set as JSON, as validated on save
    saved_by            varchar(256)  NOT NULL,
    saved_at            timestamptz   NOT NULL DEFAULT now()
);

-- The decision names the rule set version whose rule matched, and what the rule set on the ticket.
ALTER TABLE routing_decision
    ADD COLUMN rule_version     bigint,
    ADD COLUMN priority         varchar(16),
    ADD COLUMN tags             text[]        NOT NULL DEFAULT '{}';

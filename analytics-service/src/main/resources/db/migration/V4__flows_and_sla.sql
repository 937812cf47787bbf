-- Facts the time series are computed from, each written once with the event that carries it (the event id is the
-- key, so a redelivered event changes nothing): tickets created, solved and reopened, SLA measurements and breaches.
CREATE TABLE ticket_flow (
    event_id            uuid PRIMARY KEY,
    ticket_id           bigint        NOT NULL,
    kind                varchar(16)   NOT NULL,   -- created | solved | reopened
    at                  timestamptz   NOT NULL
);
CREATE INDEX ticket_flow_by_time ON ticket_flow (at);

CREATE TABLE sla_measure (
    event_id            uuid PRIMARY KEY,
    ticket_id           bigint        NOT NULL,
    metric              varchar(16)   NOT NULL,
    ended_at            timestamptz   NOT NULL,
    elapsed_seconds     bigint        NOT NULL,
    elapsed_business_seconds bigint   NOT NULL,
    running_seconds     bigint        NOT NULL,
    running_business_seconds bigint   NOT NULL,
    breached            boolean       NOT NULL
);
CREATE INDEX sla_measure_by_time ON sla_measure (metric, ended_at);

CREATE TABLE sla_breach (
    event_id            uuid PRIMARY KEY,
    ticket_id           bigint        NOT NULL,
    metric              varchar(16)   NOT NULL,
    breached_at         timestamptz   NOT NULL
);
CREATE INDEX sla_breach_by_time ON sla_breach (breached_at);

CREATE INDEX ticket_summary_open ON ticket_summary (queue) WHERE status IN ('new', 'open', 'pending', 'on-hold');

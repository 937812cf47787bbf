-- One clock per ticket and metric. A running clock has running_since; paused and stopped ones do not.
-- consumed_seconds is the (business) time used before running_since; due_at and warn_at are when the
-- running clock breaches or warns, kept so a timer over the database finds them without any ticket event.
CREATE TABLE sla_clock (
    ticket_id           bigint        NOT NULL,
    metric              varchar(16)   NOT NULL,   -- first-reply | next-reply | resolution
    priority            varchar(16)   NOT NULL,
    target_seconds      bigint        NOT NULL,
    business_hours      boolean       NOT NULL,
    consumed_seconds    bigint        NOT NULL DEFAULT 0,
    started_at          timestamptz   NOT NULL,
    running_since       timestamptz,
    warn_at             timestamptz,
    due_at              timestamptz,
    warned              boolean       NOT NULL DEFAULT false,
    breached            boolean       NOT NULL DEFAULT false,
    stopped_at          timestamptz,
    PRIMARY KEY (ticket_id, metric)
);
CREATE INDEX sla_clock_due ON sla_clock (due_at) WHERE running_since IS NOT NULL AND NOT breached;
CREATE INDEX sla_clock_warn ON sla_clock (warn_at) WHERE running_since IS NOT NULL AND NOT warned;

-- How long a clock ran, counted both round the clock and in business hours whatever its target's mode, for the
-- sla-measured event analytics computes business-hours statistics from.
ALTER TABLE sla_clock
    ADD COLUMN running_calendar_seconds bigint NOT NULL DEFAULT 0,
    ADD COLUMN running_business_seconds bigint NOT NULL DEFAULT 0;

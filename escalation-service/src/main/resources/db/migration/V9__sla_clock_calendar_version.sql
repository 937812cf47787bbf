-- The SLA policy version whose calendars a clock's due and warning times follow. A saved policy no longer
-- reschedules every running clock in its own transaction: a catch-up job brings the clocks that are behind up to
-- date in chunks, and a ticket event does it first for the clocks it touches. Clocks that exist now were
-- rescheduled when the latest version was saved.
ALTER TABLE sla_clock ADD COLUMN calendar_version bigint NOT NULL DEFAULT 0;
UPDATE sla_clock SET calendar_version = coalesce((SELECT max(version) FROM sla_policy), 0);
CREATE INDEX sla_clock_calendar_behind ON sla_clock (calendar_version) WHERE running_since IS NOT NULL AND business_hours;

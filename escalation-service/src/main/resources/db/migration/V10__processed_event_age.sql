-- The idempotent consumer's log is purged by age (MADOGUCHI_RETENTION_PROCESSED_EVENTS).
CREATE INDEX processed_event_age ON processed_event (processed_at);

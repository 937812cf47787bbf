-- The idempotent consumer's log is purged by age (MADOGUCHI_RETENTION_PROCESSED_EVENTS).
CREATE INDEX processed_event_age ON processed_event (processed_at);

-- A contact erased on a data-protection request stays, with its tickets, for the statistics, without personal data.
ALTER TABLE contact ADD COLUMN erased_at timestamptz;
ALTER TABLE ticket ADD COLUMN erased_at timestamptz;

-- Retention (MADOGUCHI_RETENTION_*) and erasure on a data-protection request. A purged or erased inquiry keeps its
-- row, without raw payload, so a delivery retried later is still recognized as the duplicate it is.
ALTER TABLE inquiry ALTER COLUMN raw_payload DROP NOT NULL;
ALTER TABLE inquiry ADD COLUMN raw_purged_at timestamptz;
CREATE INDEX inquiry_raw_kept ON inquiry (received_at) WHERE raw_payload IS NOT NULL;
ALTER TABLE attachment ALTER COLUMN content DROP NOT NULL;
CREATE INDEX processed_event_age ON processed_event (processed_at);

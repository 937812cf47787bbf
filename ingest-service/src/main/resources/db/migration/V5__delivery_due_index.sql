-- The due index of V4 was partial on status = 'pending', but statuses are stored upper case: it never served the
-- worker's claim. Index the pending deliveries by when they are due, as the claim reads them.
DROP INDEX delivery_due;
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'PENDING';

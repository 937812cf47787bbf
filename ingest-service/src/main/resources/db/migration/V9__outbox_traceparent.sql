-- The W3C traceparent of the span that wrote the row: the relay's publish continues that trace and sends it on as
-- the CloudEvents distributed-tracing extension (ce_traceparent). Null where nothing was traced.
ALTER TABLE outbox_event ADD COLUMN traceparent text;

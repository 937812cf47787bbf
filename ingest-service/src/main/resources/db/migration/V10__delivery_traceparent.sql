-- The W3C traceparent of the span that planned the delivery (the ticket event's record), so that sending it
-- continues the trace of the reply it carries.
ALTER TABLE delivery ADD COLUMN traceparent text;

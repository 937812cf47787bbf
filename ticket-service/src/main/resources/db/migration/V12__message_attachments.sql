-- What a customer attached to a message (filename, content type, size, SHA-256), as the inquiry announced it: JSON,
-- listed in the workspace and carried on message-added. The files themselves stay with ingest-service.
ALTER TABLE ticket_message ADD COLUMN attachments text;

-- Archived event data was stored as a JSON string holding the object (the driver bound the text as a jsonb string):
-- store each as the object it holds.
UPDATE ticket_event SET data = (data #>> '{}')::jsonb WHERE jsonb_typeof(data) = 'string';

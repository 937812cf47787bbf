-- Threading looks up the newest ticket of a conversation for a contact, whatever its status.
DROP INDEX IF EXISTS ticket_open_by_conversation;
CREATE INDEX ticket_by_conversation_contact ON ticket (conversation_key, contact_id, id DESC);

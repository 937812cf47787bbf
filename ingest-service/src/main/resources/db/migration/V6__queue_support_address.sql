-- Replies go from the support address of the ticket's queue: the queue is kept from ticket.assigned, and each
-- delivery keeps the From it was planned with, so that a retry sends the same mail.
ALTER TABLE delivery_ticket ADD COLUMN queue varchar(128);
ALTER TABLE delivery ADD COLUMN sender varchar(512);

-- What knowledge-base mining reads of each ticket (originals: redacted when mined or exported, and in place once the
-- raw history is purged), and when the ticket closed, for retention.
ALTER TABLE ticket_summary
    ADD COLUMN subject          text,
    ADD COLUMN question         text,           -- the requester's first message
    ADD COLUMN requester_name   varchar(256),
    ADD COLUMN requester_email  varchar(320),
    ADD COLUMN answer           text,           -- the latest public agent reply
    ADD COLUMN macro            varchar(256),   -- the latest macro applied
    ADD COLUMN closed_at        timestamptz,
    ADD COLUMN raw_purged_at    timestamptz;
CREATE INDEX ticket_summary_to_purge ON ticket_summary (closed_at) WHERE closed_at IS NOT NULL AND raw_purged_at IS NULL;

-- Help-center articles; a recurring question an article covers is no FAQ candidate.
CREATE TABLE help_article (
    id                  varchar(64) PRIMARY KEY,
    title               text          NOT NULL,
    body                text          NOT NULL,
    url                 varchar(2048) NOT NULL,
    updated_by          varchar(256)  NOT NULL,
    updated_at          timestamptz   NOT NULL DEFAULT now()
);

-- Inquiries a chatbot answered without a ticket (inquiry.deflected.v1), for the deflection rate.
CREATE TABLE deflection (
    inquiry_id          uuid PRIMARY KEY,
    channel             varchar(32),
    source              varchar(128),
    received_at         timestamptz,
    archived_at         timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX deflection_by_received ON deflection (received_at);

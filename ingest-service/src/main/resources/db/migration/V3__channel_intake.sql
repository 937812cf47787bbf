-- Channel adapters: raw payloads are bytes (mail is not always UTF-8), every inquiry has an intake status,
-- and each channel's delivery id (Slack event_id, LINE webhookEventId, Message-ID) makes retries one inquiry.
ALTER TABLE inquiry ALTER COLUMN raw_payload TYPE bytea USING convert_to(raw_payload, 'UTF8');
ALTER TABLE inquiry ALTER COLUMN conversation_key DROP NOT NULL;
ALTER TABLE inquiry ALTER COLUMN body DROP NOT NULL;
ALTER TABLE inquiry
    -- published: normalized and announced; pending: normalization deferred (e.g. a Slack message to fetch);
    -- failed: a signed payload the parser could not normalize, kept for replay; automated: an auto-reply or
    -- bounce, recorded and never a ticket; deflected: a chatbot answered it, recorded for analytics only
    ADD COLUMN status              varchar(16)   NOT NULL DEFAULT 'published',
    ADD COLUMN status_reason       text,
    ADD COLUMN raw_content_type    varchar(255),
    ADD COLUMN dedupe_key          varchar(512),
    ADD COLUMN channel_message_id  varchar(998),
    ADD COLUMN event_data          text,
    ADD COLUMN revision            integer       NOT NULL DEFAULT 0,
    ADD COLUMN attempts            integer       NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at     timestamptz;

CREATE UNIQUE INDEX inquiry_dedupe ON inquiry (source, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX inquiry_needs_attention ON inquiry (status, received_at) WHERE status IN ('pending', 'failed');

-- Attachment bytes stay in ingest; events carry name, type, size and digest only.
CREATE TABLE attachment (
    inquiry_id          uuid          NOT NULL REFERENCES inquiry (id),
    position            integer       NOT NULL,
    filename            varchar(512),
    content_type        varchar(255)  NOT NULL,
    size                bigint        NOT NULL,
    sha256              char(64)      NOT NULL,
    content             bytea         NOT NULL,
    PRIMARY KEY (inquiry_id, position)
);

-- The JSON API's Idempotency-Key is now one more dedupe key.
UPDATE inquiry i SET dedupe_key = 'idempotency-key:' || k.key FROM idempotency_key k WHERE k.inquiry_id = i.id;
DROP TABLE idempotency_key;

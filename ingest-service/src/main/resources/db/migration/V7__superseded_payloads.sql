-- A chat message the customer edited after we took it in: the edit becomes the raw payload the inquiry is normalized
-- from, and the payload it replaced is kept here, so the customer's first words are not lost.
CREATE TABLE superseded_payload (
    id                bigserial    PRIMARY KEY,
    inquiry_id        uuid         NOT NULL REFERENCES inquiry (id) ON DELETE CASCADE,
    raw_payload       bytea        NOT NULL,
    raw_content_type  varchar(255),
    superseded_at     timestamptz  NOT NULL
);
CREATE INDEX superseded_payload_inquiry ON superseded_payload (inquiry_id);

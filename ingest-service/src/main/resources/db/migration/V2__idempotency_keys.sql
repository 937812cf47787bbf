-- Idempotency-Key of the JSON API, per source: the same key with the same body is the same inquiry.
CREATE TABLE idempotency_key (
    source              varchar(64)   NOT NULL,
    key                 varchar(255)  NOT NULL,
    request_hash        char(64)      NOT NULL,
    inquiry_id          uuid          NOT NULL REFERENCES inquiry (id),
    created_at          timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (source, key)
);

-- Contacts: one person across channels. An identity belongs to one contact; "verified" e-mail
-- identities (the address a mail came from) are the only evidence used to link channels automatically.
CREATE TABLE contact (
    id                  bigserial PRIMARY KEY,
    display_name        varchar(256),
    created_at          timestamptz   NOT NULL DEFAULT now()
);

CREATE TABLE contact_identity (
    id                  bigserial PRIMARY KEY,
    contact_id          bigint        NOT NULL REFERENCES contact (id),
    kind                varchar(16)   NOT NULL,
    value               varchar(320)  NOT NULL,
    verified            boolean       NOT NULL DEFAULT false,
    created_at          timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (kind, value)
);
CREATE INDEX contact_identity_by_contact ON contact_identity (contact_id);

-- A merge moves identities and tickets; the row remembers which, so an un-merge can move them back.
CREATE TABLE contact_merge (
    id                  bigserial PRIMARY KEY,
    source_contact_id   bigint        NOT NULL REFERENCES contact (id),
    target_contact_id   bigint        NOT NULL REFERENCES contact (id),
    identity_ids        bigint[]      NOT NULL,
    ticket_ids          bigint[]      NOT NULL,
    merged_by           varchar(256)  NOT NULL,
    merged_at           timestamptz   NOT NULL DEFAULT now(),
    undone_at           timestamptz
);

ALTER TABLE ticket
    ADD COLUMN contact_id      bigint REFERENCES contact (id),
    ADD COLUMN tags            text[]       NOT NULL DEFAULT '{}',
    ADD COLUMN reopens         integer      NOT NULL DEFAULT 0,
    ADD COLUMN solved_at       timestamptz,
    ADD COLUMN closed_at       timestamptz,
    ADD COLUMN follow_up_of    bigint REFERENCES ticket (id),
    ADD COLUMN merged_into     bigint REFERENCES ticket (id);
CREATE INDEX ticket_by_contact ON ticket (contact_id);
CREATE INDEX ticket_by_status ON ticket (status, id);
CREATE INDEX ticket_solved ON ticket (solved_at) WHERE status = 'solved';

-- Channel message ids (e-mail Message-ID, Slack ts, LINE message id) for threading replies.
ALTER TABLE ticket_message ADD COLUMN external_id varchar(998);
CREATE INDEX ticket_message_by_external_id ON ticket_message (external_id) WHERE external_id IS NOT NULL;

CREATE TABLE macro (
    id                  bigserial PRIMARY KEY,
    name                varchar(128)  NOT NULL UNIQUE,
    reply_body          text,
    reply_visibility    varchar(16)   NOT NULL DEFAULT 'public',
    set_status          varchar(16),
    set_priority        varchar(16),
    add_tags            text[]        NOT NULL DEFAULT '{}',
    uses                bigint        NOT NULL DEFAULT 0,
    created_at          timestamptz   NOT NULL DEFAULT now()
);

CREATE TABLE macro_use (
    id                  bigserial PRIMARY KEY,
    macro_id            bigint        NOT NULL REFERENCES macro (id),
    ticket_id           bigint        NOT NULL REFERENCES ticket (id),
    used_by             varchar(256)  NOT NULL,
    used_at             timestamptz   NOT NULL DEFAULT now()
);

-- One single-use CSAT survey per solve.
CREATE TABLE survey (
    token               varchar(64)   PRIMARY KEY,
    ticket_id           bigint        NOT NULL REFERENCES ticket (id),
    issued_at           timestamptz   NOT NULL,
    answered_at         timestamptz,
    rating              varchar(8),
    score               integer,
    comment             text
);

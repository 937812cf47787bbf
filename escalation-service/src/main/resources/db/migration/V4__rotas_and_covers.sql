-- On-call rotas: members take turns of rotation_days, handing off at handoff_time in the rota's zone,
-- counted from starts_on. Overrides put someone else on call for a period.
CREATE TABLE rota (
    id                  varchar(64)   PRIMARY KEY,
    queue               varchar(64)   NOT NULL UNIQUE,   -- tickets routed to this queue go to whoever is on call
    zone                varchar(64)   NOT NULL,
    handoff_time        time          NOT NULL,
    rotation_days       integer       NOT NULL CHECK (rotation_days > 0),
    starts_on           date          NOT NULL,
    members             text[]        NOT NULL,
    updated_by          varchar(256)  NOT NULL,
    updated_at          timestamptz   NOT NULL
);

CREATE TABLE rota_override (
    id                  bigserial     PRIMARY KEY,
    rota_id             varchar(64)   NOT NULL REFERENCES rota (id) ON DELETE CASCADE,
    member              varchar(256)  NOT NULL,
    starts_at           timestamptz   NOT NULL,
    ends_at             timestamptz   NOT NULL CHECK (ends_at > starts_at)
);
CREATE INDEX rota_override_rota ON rota_override (rota_id, starts_at);

-- Delegation cover: a stand-in from another team takes a queue's new tickets during set weekly hours.
CREATE TABLE cover (
    id                  bigserial     PRIMARY KEY,
    queue               varchar(64)   NOT NULL,
    member              varchar(256)  NOT NULL,
    zone                varchar(64)   NOT NULL,
    hours               varchar(256)  NOT NULL,   -- e.g. "mon-fri 13:00-15:00"
    valid_from          date          NOT NULL,
    valid_until         date,
    created_by          varchar(256)  NOT NULL,
    created_at          timestamptz   NOT NULL
);
CREATE INDEX cover_queue ON cover (queue);

ALTER TABLE routing_decision ADD COLUMN assigned_via varchar(128);

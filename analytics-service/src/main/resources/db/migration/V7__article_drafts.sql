-- Help-article drafts an admin asked for from an FAQ candidate. Never published from here: a person edits the
-- Markdown and publishes it in the help centre. The text is the redacted questions and agents' answers of the
-- candidate's tickets; a draft that drew on a ticket whose contact is later erased is deleted with it.
CREATE TABLE article_draft (
    id            uuid PRIMARY KEY,
    candidate_id  bigint        NOT NULL,   -- the candidate's lowest ticket id
    range_from    timestamptz   NOT NULL,   -- the range the candidate was mined from
    range_to      timestamptz   NOT NULL,
    title         varchar(200)  NOT NULL,
    languages     varchar(16)   NOT NULL,   -- ja, en or ja,en
    markdown      text          NOT NULL,
    ticket_ids    bigint[]      NOT NULL,   -- every ticket of the candidate, lowest first
    created_by    varchar(200)  NOT NULL,
    created_at    timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX article_draft_by_ticket ON article_draft USING gin (ticket_ids);
CREATE INDEX article_draft_by_time ON article_draft (created_at);

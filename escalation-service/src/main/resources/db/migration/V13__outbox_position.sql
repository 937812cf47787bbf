-- The relay keeps one position, the id through which every row is published, instead of writing a sent mark on
-- every row (an UPDATE per event, half of the outbox's writes). A row is sent when its id <= sent_through.
--
-- A position is only safe where no row with a smaller id can still commit. Ids come from the sequence when a row is
-- written, not when its transaction commits, so every statement that writes outbox rows first takes the writers'
-- advisory lock, shared (a trigger, so that the ORM's inserts and plain SQL take it alike), and keeps it to the end
-- of its transaction. outbox_written() reads the sequence, then the transactions holding that lock: every id the
-- sequence has given belongs to a transaction that has ended or to one of those. Once they have all ended, every
-- id up to the value read is settled, committed or rolled back for good, and the relay may pass it.
CREATE TABLE outbox_position (
    one_row      boolean PRIMARY KEY DEFAULT true CHECK (one_row),
    sent_through bigint  NOT NULL
);
INSERT INTO outbox_position (sent_through)
SELECT coalesce((SELECT min(id) - 1 FROM outbox_event WHERE sent_at IS NULL), (SELECT max(id) FROM outbox_event), 0);

DROP INDEX outbox_event_unsent;
ALTER TABLE outbox_event DROP COLUMN sent_at;

-- The writers' lock: the two-key form (objsubid 2 in pg_locks), so it cannot meet a one-key lock such as the relay's.
-- 1835099247 is 'mado' in ASCII.
CREATE FUNCTION outbox_writer_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(1835099247, 1);
    RETURN NULL;
END
$$;
-- BEFORE ... FOR EACH STATEMENT runs before the statement's rows take their ids from the sequence.
CREATE TRIGGER outbox_event_writer BEFORE INSERT ON outbox_event FOR EACH STATEMENT EXECUTE FUNCTION outbox_writer_lock();

-- Called outside a transaction: when no writer holds the lock, it takes it (a writer arriving meanwhile waits for the
-- end of this statement) and every id given is settled; else it reads pg_locks, which costs more.
CREATE FUNCTION outbox_written(OUT written_through bigint, OUT writers text[]) LANGUAGE plpgsql AS $$
BEGIN
    IF pg_try_advisory_xact_lock(1835099247, 1) THEN
        SELECT CASE WHEN is_called THEN last_value ELSE 0 END INTO written_through FROM outbox_event_id_seq;
        writers := '{}';
        RETURN;
    END IF;
    SELECT CASE WHEN is_called THEN last_value ELSE 0 END INTO written_through FROM outbox_event_id_seq;
    SELECT coalesce(array_agg(virtualtransaction), '{}') INTO writers FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND classid = 1835099247 AND objid = 1 AND objsubid = 2
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database());
END
$$;

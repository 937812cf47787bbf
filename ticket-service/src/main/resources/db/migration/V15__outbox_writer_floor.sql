-- Each transaction writing outbox rows now also says from where its ids can start: its floor, the sequence's last
-- value before its first insert, held as a second shared advisory lock whose two keys spell the floor. The relay may
-- then pass every id up to the smallest floor held, at once, instead of waiting for a later reading in which the
-- writers it saw have gone (a row committed while the next transaction was already writing waited for that one to
-- end, and for the relay to look again).
--
-- Why one reading is enough: outbox_settled() reads the sequence (S), then pg_locks. A transaction that took its
-- floor lock before that read and has not ended is seen, and its ids are all above its floor. One that took it after
-- takes its ids after, so above S. Any other has ended. So every id up to least(S, smallest floor) is settled.
-- The floor is read before its lock is taken, and that lock before the writers' lock of the outbox_position
-- migration, so that a writer holding the writers' lock always shows its floor too (one holding only its floor lock
-- takes ids once it has the writers' lock, after any reading that found that lock free). The sequence hands out one
-- value at a time (no CACHE), which makes its last value a floor for every id given after it is read.
CREATE OR REPLACE FUNCTION outbox_writer_lock() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    floor bigint;
BEGIN
    -- once per transaction: later statements of the same transaction take ids above the first floor
    IF coalesce(current_setting('madoguchi.outbox_floor', true), '') = '' THEN
        SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END INTO floor FROM outbox_event_id_seq;
        -- keys 1835099248 + the high 32 bits, and the low 32 bits; the writers' lock is (1835099247, 1)
        PERFORM pg_advisory_xact_lock_shared(1835099248 + (floor >> 32)::int, floor::bit(32)::int);
        PERFORM pg_advisory_xact_lock_shared(1835099247, 1);
        PERFORM set_config('madoguchi.outbox_floor', floor::text, true);
    END IF;
    RETURN NULL;
END
$$;

-- settled_through: every id up to it is committed or rolled back for good; null when a writer shows no floor (one
-- that began under the previous trigger, only while this migration rolls out), so the relay waits for the next reading.
-- Called outside a transaction: when no writer holds the writers' lock it takes it, and skips pg_locks.
-- outbox_written() stays for the relays of the previous release during a rolling update.
CREATE FUNCTION outbox_settled(OUT settled_through bigint, OUT written_through bigint, OUT writers text[]) LANGUAGE plpgsql AS $$
DECLARE
    every_writer_has_floor boolean;
    held_from bigint;
BEGIN
    IF pg_try_advisory_xact_lock(1835099247, 1) THEN
        SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END INTO written_through FROM outbox_event_id_seq;
        settled_through := written_through;
        writers := '{}';
        RETURN;
    END IF;
    SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END INTO written_through FROM outbox_event_id_seq;
    WITH held AS (
        SELECT virtualtransaction,
               CASE WHEN classid >= 1835099248 THEN ((classid::bigint - 1835099248) << 32) | objid::bigint END AS floor
        FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 2
          AND (classid >= 1835099248 OR (classid = 1835099247 AND objid = 1))
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
    ), writer AS (
        SELECT virtualtransaction, min(floor) AS floor FROM held GROUP BY virtualtransaction
    )
    SELECT coalesce(array_agg(virtualtransaction), '{}'), coalesce(bool_and(floor IS NOT NULL), true), min(floor)
    INTO writers, every_writer_has_floor, held_from FROM writer;
    settled_through := CASE WHEN every_writer_has_floor THEN least(written_through, held_from) END;
END
$$;

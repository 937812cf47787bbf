-- For the pods of the previous release while a rolling update replaces them. They write into outbox_event, which the
-- migration before this one replaced with outbox: outbox_event is now a view that takes their inserts (the ORM's
-- single rows with RETURNING id, the set-based INSERT … SELECT) and writes each event as a row of its own in outbox,
-- for this release's relay to publish. Reading the view fails, on purpose: a relay of the previous release would
-- otherwise publish events with sequences below those this release hands out, which consumers keeping a watermark per
-- key take for redeliveries, or, finding nothing, move the position past rows it never sent. Its erasure and
-- retention passes fail too (no delete on this view) and are retried by the pods that replace it.
-- A later release drops the view and both functions, once no pod of the previous release can be running.
CREATE FUNCTION outbox_event_retired()
    RETURNS TABLE (id bigint, event_id uuid, topic varchar(128), record_key varchar(512), event_type varchar(128),
                   event_source varchar(256), event_subject varchar(256), event_time timestamptz, payload text,
                   created_at timestamptz, traceparent text)
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'outbox_event is write-only: events are read from outbox'
        USING HINT = 'this process is of the release before the outbox kept a row per statement; replace it';
END
$$;

CREATE VIEW outbox_event AS SELECT * FROM outbox_event_retired();

CREATE FUNCTION outbox_event_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outbox (events, event_ids, topics, record_keys, event_types, event_sources, event_subjects, event_times,
                        payloads, traceparents, created_at)
    VALUES (1, ARRAY[NEW.event_id], ARRAY[NEW.topic::text], ARRAY[NEW.record_key::text], ARRAY[NEW.event_type::text],
            ARRAY[NEW.event_source::text], ARRAY[NEW.event_subject::text], ARRAY[NEW.event_time], ARRAY[NEW.payload],
            ARRAY[NEW.traceparent], coalesce(NEW.created_at, now()))
    RETURNING id INTO NEW.id;
    RETURN NEW;
END
$$;

CREATE TRIGGER outbox_event_write INSTEAD OF INSERT ON outbox_event FOR EACH ROW EXECUTE FUNCTION outbox_event_write();

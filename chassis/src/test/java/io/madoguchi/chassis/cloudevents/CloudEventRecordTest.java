package io.madoguchi.chassis.cloudevents;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import io.madoguchi.chassis.consumer.PoisonMessageException;

class CloudEventRecordTest {

    private final UUID id = UUID.randomUUID();
    private final Instant time = Instant.parse("2026-12-04T09:30:00Z");

    @Test
    void readsTheAttributesTheHeadersCarry() {
        CloudEventRecord event = CloudEventRecord.of(record(CloudEventHeaders.of(id, "/test", "io.madoguchi.x.v1", "42", time)));
        assertEquals(id, event.id());
        assertEquals("io.madoguchi.x.v1", event.type());
        assertEquals("/test", event.source());
        assertEquals("42", event.subject());
        assertEquals(time, event.time().toInstant());
    }

    @Test
    void aHeaderWithoutAValueIsPoisonNotANullPointer() {
        Headers headers = CloudEventHeaders.of(id, "/test", "io.madoguchi.x.v1", null, time);
        headers.add(new RecordHeader(CloudEventHeaders.SUBJECT, null));
        PoisonMessageException e = assertThrows(PoisonMessageException.class, () -> CloudEventRecord.of(record(headers)));
        assertEquals("header ce_subject has no value", e.getMessage());

        Headers noId = CloudEventHeaders.of(id, "/test", "io.madoguchi.x.v1", null, time);
        noId.remove(CloudEventHeaders.ID).add(new RecordHeader(CloudEventHeaders.ID, null));
        assertThrows(PoisonMessageException.class, () -> CloudEventRecord.of(record(noId)));
    }

    @Test
    void aTimeThatIsNoTimeIsPoisonAndNoTimeAtAllIsNull() {
        Headers headers = CloudEventHeaders.of(id, "/test", "io.madoguchi.x.v1", null, time);
        headers.remove(CloudEventHeaders.TIME).add(CloudEventHeaders.TIME, "yesterday".getBytes(UTF_8));
        PoisonMessageException e = assertThrows(PoisonMessageException.class, () -> CloudEventRecord.of(record(headers)));
        assertEquals("ce_time 'yesterday' is not an RFC 3339 time", e.getMessage());

        Headers timeless = CloudEventHeaders.of(id, "/test", "io.madoguchi.x.v1", null, time);
        timeless.remove(CloudEventHeaders.TIME);
        assertNull(CloudEventRecord.of(record(timeless)).time());
    }

    @Test
    void aSequenceIsReadBackAndOneThatIsNoNumberIsNoneNotPoison() {
        Headers sequenced = CloudEventHeaders.of(id, "/test", "io.madoguchi.x.v1", null, time, null, 1_796_610_888_112_784L);
        assertEquals("0001796610888112784", new String(sequenced.lastHeader(CloudEventHeaders.SEQUENCE).value(), UTF_8));
        assertEquals("0000000000000000007", CloudEventHeaders.sequence(7));
        assertEquals("-000000000000000007", CloudEventHeaders.sequence(-7));
        assertEquals(Long.toString(Long.MAX_VALUE), CloudEventHeaders.sequence(Long.MAX_VALUE));
        assertEquals(1_796_610_888_112_784L, CloudEventRecord.of(record(sequenced)).sequence());
        assertNull(CloudEventRecord.of(record(CloudEventHeaders.of(id, "/test", "io.madoguchi.x.v1", null, time))).sequence());

        for (byte[] odd : new byte[][] { null, new byte[0], "-1".getBytes(UTF_8), "12a".getBytes(UTF_8), "9999999999999999999".getBytes(UTF_8) }) {
            Headers headers = CloudEventHeaders.of(id, "/test", "io.madoguchi.x.v1", null, time);
            headers.add(new RecordHeader(CloudEventHeaders.SEQUENCE, odd));
            assertNull(CloudEventRecord.of(record(headers)).sequence(), odd == null ? "null" : new String(odd, UTF_8));
        }
    }

    private static ConsumerRecord<String, byte[]> record(Headers headers) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("tickets.v1", 0, 0, "k", "{}".getBytes(UTF_8));
        headers.forEach(record.headers()::add);
        return record;
    }
}

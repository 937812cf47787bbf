package io.madoguchi.chassis.cloudevents;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.consumer.PoisonMessageException;
import io.madoguchi.chassis.time.Rfc3339;

/**
 * A CloudEvent read from a Kafka record in binary mode. Anything that makes it unreadable (a missing or
 * valueless required header, an id that is no UUID, a time that is no RFC 3339 time, data that is not a JSON
 * object of the expected shape) is poison: the same record fails the same way on every redelivery.
 *
 * @param time     when it happened ({@code ce_time}), or null where the producer sent none
 * @param sequence its place in its producer's order ({@code ce_sequence}), or null where there is none or it is no
 *                 number: such an event can only be told from a redelivery by its id
 */
public record CloudEventRecord(UUID id, String type, String source, String subject, OffsetDateTime time, Long sequence, byte[] data) {

    public static CloudEventRecord of(ConsumerRecord<?, byte[]> record) {
        if (!"1.0".equals(header(record, CloudEventHeaders.SPEC_VERSION))) {
            throw new PoisonMessageException("not a CloudEvents 1.0 record (ce_specversion missing or unsupported)");
        }
        String id = header(record, CloudEventHeaders.ID);
        String type = header(record, CloudEventHeaders.TYPE);
        String source = header(record, CloudEventHeaders.SOURCE);
        if (id == null || type == null || source == null) {
            throw new PoisonMessageException("ce_id, ce_type and ce_source are required");
        }
        UUID eventId;
        try {
            eventId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("ce_id is not a UUID");
        }
        if (record.value() == null) {
            throw new PoisonMessageException("the record has no data");
        }
        return new CloudEventRecord(eventId, type, source, header(record, CloudEventHeaders.SUBJECT), time(record), sequence(record),
                record.value());
    }

    /** The data read straight into {@code type} (no intermediate tree), once it is seen to be a JSON object. */
    public <T> T data(ObjectMapper mapper, Class<T> type) {
        try (JsonParser parser = mapper.createParser(data)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new PoisonMessageException("data of " + this.type + " is not a JSON object");
            }
            return mapper.readValue(parser, type);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.toString();
            throw new PoisonMessageException("data of " + this.type + " is not readable: " + reason, e);
        }
    }

    /**
     * The last header of that name as text, or null where there is none.
     *
     * @throws PoisonMessageException for a header that is present without a value
     */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null) {
            return null;
        }
        if (header.value() == null) {
            throw new PoisonMessageException("header " + name + " has no value");
        }
        return new String(header.value(), UTF_8);
    }

    private static OffsetDateTime time(ConsumerRecord<?, ?> record) {
        String time = header(record, CloudEventHeaders.TIME);
        try {
            return time == null ? null : Rfc3339.parse(time);
        } catch (DateTimeException e) {
            throw new PoisonMessageException("ce_time '" + abbreviate(time) + "' is not an RFC 3339 time");
        }
    }

    /** An extension consumers can do without: a sequence without a value, or that is no number, is taken as none. */
    private static Long sequence(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(CloudEventHeaders.SEQUENCE);
        String sequence = header == null || header.value() == null ? "" : new String(header.value(), UTF_8);
        if (sequence.isEmpty()) {
            return null;
        }
        for (int i = 0; i < sequence.length(); i++) {
            if (sequence.charAt(i) < '0' || sequence.charAt(i) > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(sequence);
        } catch (NumberFormatException beyondALong) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}

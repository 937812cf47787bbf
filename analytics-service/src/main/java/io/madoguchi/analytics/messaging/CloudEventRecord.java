package io.madoguchi.analytics.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A CloudEvent read from a Kafka record in binary mode; anything unreadable is poison. */
public record CloudEventRecord(UUID id, String type, String source, String subject, byte[] data) {

    public static CloudEventRecord of(ConsumerRecord<?, byte[]> record) {
        if (!"1.0".equals(header(record, "ce_specversion"))) {
            throw new PoisonMessageException("not a CloudEvents 1.0 record (ce_specversion missing or unsupported)");
        }
        String id = header(record, "ce_id");
        String type = header(record, "ce_type");
        String source = header(record, "ce_source");
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
        return new CloudEventRecord(eventId, type, source, header(record, "ce_subject"), record.value());
    }

    public <T> T data(ObjectMapper mapper, Class<T> type) {
        try {
            JsonNode tree = mapper.readTree(data);
            if (tree == null || !tree.isObject()) {
                throw new PoisonMessageException("data of " + this.type + " is not a JSON object");
            }
            return mapper.treeToValue(tree, type);
        } catch (IOException e) {
            String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException json ? json.getOriginalMessage() : e.toString();
            throw new PoisonMessageException("data of " + this.type + " is not readable: " + reason, e);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }
}

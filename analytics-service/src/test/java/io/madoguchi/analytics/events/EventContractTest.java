package io.madoguchi.analytics.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.StreamSupport;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Every field analytics-service reads of another service's event is in the schema file that service publishes. */
class EventContractTest {

    @ParameterizedTest
    @CsvSource({
            "io.madoguchi.ticket.created.v1, /properties/subject",
            "io.madoguchi.ticket.created.v1, /properties/channel",
            "io.madoguchi.ticket.created.v1, /properties/createdAt",
            "io.madoguchi.ticket.created.v1, /properties/message/properties/body",
            "io.madoguchi.ticket.created.v1, /properties/requester/properties/displayName",
            "io.madoguchi.ticket.created.v1, /properties/requester/properties/email",
            "io.madoguchi.ticket.message-added.v1, /properties/message/properties/body",
            "io.madoguchi.ticket.message-added.v1, /properties/message/properties/authorType",
            "io.madoguchi.ticket.message-added.v1, /properties/message/properties/visibility",
            "io.madoguchi.ticket.status-changed.v1, /properties/to",
            "io.madoguchi.ticket.status-changed.v1, /properties/changedAt",
            "io.madoguchi.ticket.macro-applied.v1, /properties/macroName",
            "io.madoguchi.ticket.satisfaction-rated.v1, /properties/rating",
            "io.madoguchi.ticket.assigned.v1, /properties/queue",
            "io.madoguchi.ticket.assigned.v1, /properties/assignee",
            "io.madoguchi.inquiry.deflected.v1, /properties/receivedAt",
            "io.madoguchi.inquiry.deflected.v1, /properties/channel",
            "io.madoguchi.inquiry.deflected.v1, /properties/source",
            "io.madoguchi.delivery.sent.v1, /properties/deliveryId",
            "io.madoguchi.delivery.sent.v1, /properties/ticketId",
            "io.madoguchi.delivery.sent.v1, /properties/kind",
            "io.madoguchi.delivery.sent.v1, /properties/channel",
            "io.madoguchi.delivery.sent.v1, /properties/attempts",
            "io.madoguchi.delivery.sent.v1, /properties/sentAt",
            "io.madoguchi.delivery.failed.v1, /properties/deliveryId",
            "io.madoguchi.delivery.failed.v1, /properties/ticketId",
            "io.madoguchi.delivery.failed.v1, /properties/kind",
            "io.madoguchi.delivery.failed.v1, /properties/channel",
            "io.madoguchi.delivery.failed.v1, /properties/attempts",
            "io.madoguchi.delivery.failed.v1, /properties/recipient",
            "io.madoguchi.delivery.failed.v1, /properties/reason",
            "io.madoguchi.delivery.failed.v1, /properties/permanent",
            "io.madoguchi.delivery.failed.v1, /properties/failedAt"
    })
    void whatWeReadIsInTheOwnersSchema(String type, String pointer) throws IOException {
        JsonNode node = new ObjectMapper().readTree(Files.readString(ProducerSchemas.path(type)));
        assertFalse(node.at(pointer).isMissingNode(), type + " has no " + pointer);
    }

    /** What the delivery consumer dead-letters an event without, the producer promises to send. */
    @ParameterizedTest
    @CsvSource({
            "io.madoguchi.delivery.sent.v1, deliveryId ticketId kind channel sentAt",
            "io.madoguchi.delivery.failed.v1, deliveryId ticketId kind channel failedAt"
    })
    void whatWeCannotDoWithoutTheOwnersSchemaRequires(String type, String fields) throws IOException {
        JsonNode required = new ObjectMapper().readTree(Files.readString(ProducerSchemas.path(type))).path("required");
        for (String field : fields.split(" ")) {
            assertTrue(StreamSupport.stream(required.spliterator(), false).anyMatch(r -> field.equals(r.asText())),
                    type + " does not require " + field);
        }
    }
}

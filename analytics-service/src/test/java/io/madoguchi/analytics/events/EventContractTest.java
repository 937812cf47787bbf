package io.madoguchi.analytics.events;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Every field analytics-service reads of another service's event is in the schema file that service publishes. */
class EventContractTest {

    private static final Map<String, String> OWNERS = Map.of("ticket", "ticket-service", "escalation", "escalation-service",
            "inquiry", "ingest-service");

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
            "io.madoguchi.escalation.routed.v1, /properties/queue",
            "io.madoguchi.inquiry.deflected.v1, /properties/receivedAt",
            "io.madoguchi.inquiry.deflected.v1, /properties/channel",
            "io.madoguchi.inquiry.deflected.v1, /properties/source"
    })
    void whatWeReadIsInTheOwnersSchema(String type, String pointer) throws IOException {
        String owner = OWNERS.get(type.split("\\.")[2]);
        Path schema = Path.of("..", owner, "src/main/resources/META-INF/resources/schemas", type + ".json");
        JsonNode node = new ObjectMapper().readTree(Files.readString(schema));
        assertFalse(node.at(pointer).isMissingNode(), type + " has no " + pointer);
    }
}

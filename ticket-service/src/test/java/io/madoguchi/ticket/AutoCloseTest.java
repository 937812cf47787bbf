package io.madoguchi.ticket;

import static io.madoguchi.ticket.TicketApi.get;
import static io.madoguchi.ticket.TicketApi.patch;
import static io.madoguchi.ticket.TicketApi.version;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@WithTestResource(TicketTestResource.class)
@TestProfile(AutoCloseTest.QuickClose.class)
class AutoCloseTest {

    public static class QuickClose implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("madoguchi.tickets.auto-close-after", "2s", "madoguchi.tickets.auto-close-check", "1s");
        }
    }

    @Test
    void solvedTicketsCloseOnTheirOwnOnceTheirTimeHasCome() {
        long id = LifecycleApiTest.newTicket("Thanks", "all good now");
        patch(id, version(id), "{\"status\":\"solved\"}").then().statusCode(200);
        get(id, "agent").then().body("status", equalTo("solved"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> get(id, "agent").then().body("status", equalTo("closed")));
        JsonNode closed = EventSchemas.eventsOf(id).stream()
                .filter(r -> "io.madoguchi.ticket.status-changed.v1".equals(TopicReader.header(r, "ce_type")))
                .map(EventSchemas::data).filter(e -> "closed".equals(e.path("to").asText())).findFirst().orElseThrow();
        assertEquals("system", closed.path("changedBy").asText());
        assertEquals("solved", closed.path("from").asText());
    }
}

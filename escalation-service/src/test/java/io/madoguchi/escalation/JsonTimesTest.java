package io.madoguchi.escalation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.time.InstantJson;
import io.madoguchi.escalation.events.TicketCreated;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The chassis' reading of JSON times is the one the service's own mapper uses. */
@QuarkusTest
@WithTestResource(EscalationTestResource.class)
class JsonTimesTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void theServicesMapperReadsEventTimesThroughTheChassis() throws Exception {
        assertTrue(mapper.getRegisteredModuleIds().contains(InstantJson.MODULE_NAME), mapper.getRegisteredModuleIds().toString());
        TicketCreated created = mapper.readValue("""
                {"ticketId":7,"status":"new","priority":"normal","channel":"email","createdAt":"2026-12-07T09:26:09.5+09:00"}""",
                TicketCreated.class);
        assertEquals(Instant.parse("2026-12-07T00:26:09.5Z"), created.createdAt());
    }
}

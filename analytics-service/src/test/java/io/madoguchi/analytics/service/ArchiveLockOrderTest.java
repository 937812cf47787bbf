package io.madoguchi.analytics.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.madoguchi.analytics.domain.ArchivedEvent;

class ArchiveLockOrderTest {

    @Test
    void aBatchIsAppliedByAscendingTicketKeepingEachTicketsOrder() {
        List<ArchivedEvent> batch = List.of(event(7, "created"), event(3, "created"), event(7, "message"), event(5, "created"),
                event(3, "solved"), event(7, "solved"), event(3, "closed"));

        List<String> applied = ArchiveService.inLockOrder(batch).stream().map(e -> e.ticketId() + ":" + e.type()).toList();

        assertEquals(List.of("3:created", "3:solved", "3:closed", "5:created", "7:created", "7:message", "7:solved"), applied);
    }

    @Test
    void twoBatchesOverTheSameTicketsInOppositeOrdersLockThemInTheSameOrder() {
        List<ArchivedEvent> tickets = List.of(event(1, "created"), event(2, "created"), event(3, "created"));
        List<ArchivedEvent> escalations = List.of(event(3, "routed"), event(2, "routed"), event(1, "routed"));

        assertEquals(List.of(1L, 2L, 3L), ArchiveService.inLockOrder(tickets).stream().map(ArchivedEvent::ticketId).toList());
        assertEquals(List.of(1L, 2L, 3L), ArchiveService.inLockOrder(escalations).stream().map(ArchivedEvent::ticketId).toList());
    }

    private static ArchivedEvent event(long ticketId, String type) {
        return new ArchivedEvent(UUID.randomUUID(), "tickets.v1", type, OffsetDateTime.now(), ticketId, JsonNodeFactory.instance.objectNode());
    }
}

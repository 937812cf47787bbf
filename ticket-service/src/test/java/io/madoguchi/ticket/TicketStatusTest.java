package io.madoguchi.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.madoguchi.ticket.domain.TicketStatus;

class TicketStatusTest {

    @Test
    void everyTransitionIsEitherAllowedOrRefused() {
        assertAllowed(TicketStatus.NEW, EnumSet.of(TicketStatus.OPEN, TicketStatus.PENDING, TicketStatus.ON_HOLD, TicketStatus.SOLVED));
        assertAllowed(TicketStatus.OPEN, EnumSet.of(TicketStatus.PENDING, TicketStatus.ON_HOLD, TicketStatus.SOLVED));
        assertAllowed(TicketStatus.PENDING, EnumSet.of(TicketStatus.OPEN, TicketStatus.ON_HOLD, TicketStatus.SOLVED));
        assertAllowed(TicketStatus.ON_HOLD, EnumSet.of(TicketStatus.OPEN, TicketStatus.PENDING, TicketStatus.SOLVED));
        assertAllowed(TicketStatus.SOLVED, EnumSet.of(TicketStatus.OPEN, TicketStatus.CLOSED));
        assertAllowed(TicketStatus.CLOSED, EnumSet.noneOf(TicketStatus.class));
    }

    @Test
    void requesterRepliesWakeWaitingAndSolvedTickets() {
        assertEquals(TicketStatus.NEW, TicketStatus.NEW.afterRequesterReply());
        assertEquals(TicketStatus.OPEN, TicketStatus.OPEN.afterRequesterReply());
        assertEquals(TicketStatus.OPEN, TicketStatus.PENDING.afterRequesterReply());
        assertEquals(TicketStatus.OPEN, TicketStatus.ON_HOLD.afterRequesterReply());
        assertEquals(TicketStatus.OPEN, TicketStatus.SOLVED.afterRequesterReply());
    }

    @Test
    void statusNamesRoundTrip() {
        for (TicketStatus s : TicketStatus.values()) {
            assertEquals(s, TicketStatus.of(s.value()).orElseThrow());
        }
        assertEquals(TicketStatus.ON_HOLD, TicketStatus.of("on-hold").orElseThrow());
        assertEquals(true, TicketStatus.of("onhold").isEmpty());
    }

    private static void assertAllowed(TicketStatus from, Set<TicketStatus> allowed) {
        for (TicketStatus to : TicketStatus.values()) {
            assertEquals(allowed.contains(to), from.canMoveTo(to), from + " -> " + to);
        }
    }
}

package io.madoguchi.ticket.service;

/** A change the ticket's state does not allow (an illegal transition, an answered survey): HTTP 409. */
public class TicketConflict extends RuntimeException {

    public TicketConflict(String message) {
        super(message, null, false, false);
    }
}

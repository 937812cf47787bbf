package io.madoguchi.ticket.service;

/** The client changed a ticket from an outdated version (If-Match): HTTP 412. */
public class StaleVersion extends RuntimeException {

    public StaleVersion(long ticketId, long current) {
        super("ticket " + ticketId + " is at version " + current + "; reload it and retry", null, false, false);
    }
}

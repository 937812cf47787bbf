package io.madoguchi.ticket.service;

/** Something the request names (a ticket, a macro, a survey) does not exist: HTTP 404. */
public class NotFound extends RuntimeException {

    public NotFound(String message) {
        super(message, null, false, false);
    }
}

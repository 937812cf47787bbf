package io.madoguchi.ticket.service;

/** A survey past its expiry ({@code madoguchi.surveys.valid-for} after the solve) can no longer be answered: HTTP 410. */
public class SurveyExpired extends RuntimeException {

    public SurveyExpired(String message) {
        super(message, null, false, false);
    }
}

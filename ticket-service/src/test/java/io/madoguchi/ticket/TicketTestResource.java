package io.madoguchi.ticket;

import java.util.Map;

import io.madoguchi.chassis.testing.ServiceTestResource;

/** Real infrastructure for ticket-service's tests (see {@link ServiceTestResource}). */
public class TicketTestResource extends ServiceTestResource {

    public TicketTestResource() {
        super("ticket_test");
    }

    @Override
    protected Map<String, String> serviceConfig() {
        // 10 answers a second refill, so SurveyRateLimitTest's flood leaves the other tests room at once
        return Map.of("madoguchi.surveys.rate-limit-per-minute", "600");
    }
}

package io.madoguchi.ticket;

import java.util.Map;

import io.madoguchi.chassis.testing.ServiceTestResource;

/** Real infrastructure for ticket-service's tests (see {@link ServiceTestResource}). */
public class TicketTestResource extends ServiceTestResource {

    static final String SURVEY_REQUESTS = "survey-requests.v1";

    public TicketTestResource() {
        super("ticket_test");
    }

    @Override
    protected Map<String, String> serviceConfig() {
        // the rate-limit tests flood from addresses of their own (Surveys.from), so the others keep 127.0.0.1's bucket
        // 127.0.0.1 stands for the ingress: X-Forwarded-For is believed on its connections only (SurveyRateLimitTest);
        // a burst of 600 refilled 10 a minute, so however slowly a flood runs, what it counts is the bucket, not the clock
        return Map.of("madoguchi.surveys.rate-limit-per-minute", "10", "madoguchi.surveys.rate-limit-burst", "600",
                "madoguchi.surveys.public-url", "https://support.example.jp/",
                "madoguchi.http.behind-proxy", "true", "madoguchi.http.trusted-proxies", "127.0.0.1");
    }
}

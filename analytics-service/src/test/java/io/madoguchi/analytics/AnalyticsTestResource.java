package io.madoguchi.analytics;

import java.util.Map;

import io.madoguchi.chassis.testing.ServiceTestResource;

/** Real infrastructure for analytics-service's tests (see {@link ServiceTestResource}). */
public class AnalyticsTestResource extends ServiceTestResource {

    public AnalyticsTestResource() {
        super("analytics_test");
    }

    @Override
    protected Map<String, String> serviceConfig() {
        return Map.of();
    }
}

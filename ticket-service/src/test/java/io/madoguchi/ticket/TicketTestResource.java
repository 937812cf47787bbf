package io.madoguchi.ticket;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import io.madoguchi.chassis.testing.ServiceTestResource;

/** Real infrastructure for ticket-service's tests (see {@link ServiceTestResource}). */
public class TicketTestResource extends ServiceTestResource {

    /** Declared here until the shared test broker (local-infra's KafkaBroker.TOPICS) lists it; auto-creation is off. */
    static final String SURVEY_REQUESTS = "survey-requests.v1";

    public TicketTestResource() {
        super("ticket_test");
    }

    @Override
    protected Map<String, String> serviceConfig() {
        declare(SURVEY_REQUESTS, SURVEY_REQUESTS + ".dlq");
        // the rate-limit tests flood from addresses of their own (Surveys.from), so the others keep 127.0.0.1's bucket
        return Map.of("madoguchi.surveys.rate-limit-per-minute", "600",
                "madoguchi.surveys.public-url", "https://support.example.jp/");
    }

    private static void declare(String... topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            var missing = java.util.Arrays.stream(topics).filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, 3, (short) 1).configs(Map.of("min.insync.replicas", "1"))).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not declare " + String.join(", ", topics), e.getCause());
        }
    }
}

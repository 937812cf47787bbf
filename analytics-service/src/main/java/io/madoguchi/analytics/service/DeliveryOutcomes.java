package io.madoguchi.analytics.service;

import java.util.List;

import io.madoguchi.analytics.domain.DeliveryOutcome;
import io.madoguchi.analytics.repository.DeliveryRepository;
import io.madoguchi.chassis.consumer.InOneTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the latest outcome of each delivery: a batch of outcomes in one transaction, in the order they came. An outcome
 * older than the one kept does not replace it, but an older failure still marks the delivery as one that failed before
 * it was sent (recovered); a redelivered event leaves everything as it was.
 */
@ApplicationScoped
public class DeliveryOutcomes {

    private final DeliveryRepository deliveries;

    public DeliveryOutcomes(DeliveryRepository deliveries) {
        this.deliveries = deliveries;
    }

    public Uni<Void> record(List<DeliveryOutcome> outcomes) {
        return InOneTransaction.each(outcomes, deliveries::apply);
    }
}

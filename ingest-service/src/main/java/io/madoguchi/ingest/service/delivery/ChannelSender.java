package io.madoguchi.ingest.service.delivery;

import io.madoguchi.ingest.domain.Delivery;
import io.smallrye.mutiny.Uni;

/**
 * Sends deliveries on one channel. A sender classifies the channel's answers itself: it fails with a
 * {@link SendOutcome.ChannelRefusal} saying whether trying again can help; any other failure counts as transient.
 */
public interface ChannelSender {

    /** The channel it sends on, as a delivery names it: {@code email}, {@code slack}, {@code line} or {@code chat}. */
    String channel();

    /** @return null when the channel is configured, else why not (what to set) */
    String off();

    /**
     * @param recipient the channel's address, as {@link DeliveryAddresses} writes it
     * @return null when deliveries to that address can be sent, else why not; where a channel is configured per
     *         source (chat callbacks), a source may be off while the channel is on
     */
    default String off(String recipient) {
        return off();
    }

    /**
     * @param delivery its {@code recipient} is the channel's address, as {@link DeliveryAddresses} wrote it
     * @return the channel's reference of what was sent
     */
    Uni<String> send(Delivery delivery);
}

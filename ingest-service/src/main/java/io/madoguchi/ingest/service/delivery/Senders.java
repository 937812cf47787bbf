package io.madoguchi.ingest.service.delivery;

import java.util.HashMap;
import java.util.Map;

import io.madoguchi.ingest.domain.Delivery;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/** The channel senders by channel: sends a delivery with its channel's sender, refusing for good where there is none. */
@ApplicationScoped
public class Senders {

    private final Map<String, ChannelSender> byChannel = new HashMap<>();

    public Senders(Instance<ChannelSender> senders) {
        senders.forEach(sender -> byChannel.put(sender.channel(), sender));
    }

    /** @return null when deliveries on the channel can be sent, else why not */
    public String off(String channel) {
        ChannelSender sender = byChannel.get(channel);
        return sender == null ? "replies on " + channel + " are not delivered: answer the customer there" : sender.off();
    }

    /** @return null when deliveries to the channel's address can be sent, else why not */
    public String off(String channel, String recipient) {
        String off = off(channel);
        return off != null ? off : byChannel.get(channel).off(recipient);
    }

    /** @return the channel's reference of what was sent */
    public Uni<String> send(Delivery delivery) {
        String off = off(delivery.channel, delivery.recipient);
        if (off != null) {
            return Uni.createFrom().failure(new SendOutcome.ChannelRefusal(SendOutcome.permanent(off)));
        }
        // deferred: a sender that throws instead of failing its Uni still ends in an outcome the worker records
        return Uni.createFrom().deferred(() -> byChannel.get(delivery.channel).send(delivery));
    }
}

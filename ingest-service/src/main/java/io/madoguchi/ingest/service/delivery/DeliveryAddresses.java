package io.madoguchi.ingest.service.delivery;

import io.madoguchi.ingest.domain.DeliveryTicket;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where a ticket's requester is answered: on the channel they wrote from (a Slack thread, a LINE chat, a chat
 * widget's conversation), else by e-mail when they gave an address. The conversation key that ingest gave the
 * inquiry names the place: {@code slack:<team>/<channel>/<thread_ts>}, {@code line:<user|group|room>:<id>},
 * {@code chat:<source>/<conversation>}. When the own channel is off, an e-mail address is the fallback.
 */
@ApplicationScoped
public class DeliveryAddresses {

    /**
     * @param recipient   the channel's address: an e-mail address, {@code <slack channel>/<thread_ts>}, a LINE user,
     *                    group or room id, {@code <chat source>/<conversation>}
     * @param unreachable why nothing can be sent there, or null
     */
    public record Address(String channel, String recipient, String unreachable) {

        public boolean reachable() {
            return unreachable == null;
        }
    }

    private final Senders senders;

    public DeliveryAddresses(Senders senders) {
        this.senders = senders;
    }

    public Address of(DeliveryTicket ticket) {
        boolean hasEmail = ticket.requesterEmail != null && !ticket.requesterEmail.isBlank();
        String own = switch (ticket.channel) {
            case "slack", "line", "chat" -> ticket.channel;
            default -> "email";
        };
        if (own.equals("email")) {
            if (!hasEmail) {
                return new Address(ticket.channel, ticket.requesterUserId != null ? ticket.requesterUserId : "",
                        "the requester gave no e-mail address: nothing reaches them from here (replies stay on tickets.v1 for the system that sent the inquiry)");
            }
            return new Address("email", ticket.requesterEmail, senders.off("email"));
        }
        String conversation = conversation(own, ticket.conversationKey);
        String off = conversation == null
                ? "the conversation key " + ticket.conversationKey + " names no " + own + " conversation to answer in"
                : senders.off(own, conversation);
        if (off != null && hasEmail && senders.off("email") == null) {
            return new Address("email", ticket.requesterEmail, null);
        }
        return new Address(own, conversation != null ? conversation : ticket.requesterUserId != null ? ticket.requesterUserId : "", off);
    }

    /** @return the channel's address of the conversation, or null when the key does not name one */
    static String conversation(String channel, String key) {
        if (key == null) {
            return null;
        }
        return switch (channel) {
            case "slack" -> {
                // slack:<team>/<channel>/<thread_ts>
                String[] parts = key.startsWith("slack:") ? key.substring(6).split("/") : new String[0];
                yield parts.length == 3 && !parts[1].isBlank() && !parts[2].isBlank() ? parts[1] + "/" + parts[2] : null;
            }
            case "line" -> {
                // line:user:<id>, line:group:<id>, line:room:<id>
                String[] parts = key.split(":", 3);
                yield parts.length == 3 && parts[0].equals("line") && !parts[2].isBlank() ? parts[2] : null;
            }
            case "chat" -> {
                // chat:<source>/<conversation>
                int slash = key.indexOf('/');
                yield key.startsWith("chat:") && slash > 5 && slash < key.length() - 1 ? key.substring(5) : null;
            }
            default -> null;
        };
    }
}

package io.madoguchi.analytics;

import java.util.UUID;

import io.madoguchi.analytics.events.ProducerSchemas;

/** The data of the events analytics-service's tests send; {@code TestProducer} sends them. */
public final class Events {

    public static final String DELIVERY_SENT = "io.madoguchi.delivery.sent.v1";
    public static final String DELIVERY_FAILED = "io.madoguchi.delivery.failed.v1";

    private Events() {
    }

    public static String ticketCreated(long ticketId, String channel, String createdAt) {
        return """
                {"ticketId":%d,"conversationKey":"k-%d","status":"new","priority":"normal",
                 "channel":"%s","subject":"s","createdAt":"%s"}
                """.formatted(ticketId, ticketId, channel, createdAt);
    }

    /** ingest-service's {@code delivery.sent}, checked against its schema; a reply names ticket message 1. */
    public static String deliverySent(UUID deliveryId, long ticketId, String kind, String channel, String recipient, int attempts,
            String sentAt) {
        return ProducerSchemas.assertValid(DELIVERY_SENT, """
                {"deliveryId":"%s","ticketId":%d,"messageId":%s,"kind":"%s","channel":"%s","recipient":"%s","attempts":%d,
                 "channelReference":"<delivery.%s@support.example.jp>","causationId":"%s","sentAt":"%s"}
                """.formatted(deliveryId, ticketId, "reply".equals(kind) ? "1" : "null", kind, channel, recipient, attempts, deliveryId,
                UUID.randomUUID(), sentAt));
    }

    /** ingest-service's {@code delivery.failed}, checked against its schema; a reply names ticket message 1. */
    public static String deliveryFailed(UUID deliveryId, long ticketId, String kind, String channel, String recipient, int attempts,
            String reason, boolean permanent, String failedAt) {
        return ProducerSchemas.assertValid(DELIVERY_FAILED, """
                {"deliveryId":"%s","ticketId":%d,"messageId":%s,"kind":"%s","channel":"%s","recipient":"%s","attempts":%d,
                 "reason":"%s","permanent":%s,"causationId":"%s","failedAt":"%s"}
                """.formatted(deliveryId, ticketId, "reply".equals(kind) ? "1" : "null", kind, channel, recipient, attempts, reason,
                permanent, UUID.randomUUID(), failedAt));
    }
}

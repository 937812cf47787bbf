package io.madoguchi.analytics;

/** The data of the events analytics-service's tests send; {@code TestProducer} sends them. */
public final class Events {

    private Events() {
    }

    public static String ticketCreated(long ticketId, String channel, String createdAt) {
        return """
                {"ticketId":%d,"conversationKey":"k-%d","status":"new","priority":"normal",
                 "channel":"%s","subject":"s","createdAt":"%s"}
                """.formatted(ticketId, ticketId, channel, createdAt);
    }
}

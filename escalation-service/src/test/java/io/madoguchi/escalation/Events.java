package io.madoguchi.escalation;

/** The data of the events escalation-service's tests send; {@code TestProducer} sends them. */
public final class Events {

    private Events() {
    }

    public static String ticketCreated(long ticketId, String channel) {
        return """
                {"ticketId":%d,"conversationKey":"email:<%d@example.jp>","status":"new","priority":"normal",
                 "channel":"%s","subject":"請求について","createdAt":"2026-11-22T01:00:00Z","futureField":1}
                """.formatted(ticketId, ticketId, channel);
    }
}

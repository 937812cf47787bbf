package io.madoguchi.chassis.tracing;

import org.jboss.logging.MDC;

/**
 * The ids a log line carries, where known, so that ops find every line of one inquiry or ticket: {@code inquiry_id}
 * and {@code ticket_id} in the MDC of the request or record being handled (Quarkus keeps the MDC per Vert.x
 * duplicated context, so one request's ids never show on another's lines).
 */
public final class LogIds {

    private LogIds() {
    }

    public static void inquiry(Object inquiryId) {
        put("inquiry_id", inquiryId);
    }

    public static void ticket(Object ticketId) {
        put("ticket_id", ticketId);
    }

    private static void put(String key, Object value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value.toString());
        }
    }
}

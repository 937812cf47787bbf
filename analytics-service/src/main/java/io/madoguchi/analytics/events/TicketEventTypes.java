package io.madoguchi.analytics.events;

/** The event types analytics-service reads; their schemas are owned by the producing services. */
public final class TicketEventTypes {

    public static final String TICKET_CREATED = "io.madoguchi.ticket.created.v1";
    public static final String MESSAGE_ADDED = "io.madoguchi.ticket.message-added.v1";
    public static final String STATUS_CHANGED = "io.madoguchi.ticket.status-changed.v1";
    public static final String ASSIGNED = "io.madoguchi.ticket.assigned.v1";
    public static final String MACRO_APPLIED = "io.madoguchi.ticket.macro-applied.v1";
    public static final String SATISFACTION_RATED = "io.madoguchi.ticket.satisfaction-rated.v1";
    public static final String CONTACT_ERASED = "io.madoguchi.ticket.contact-erased.v1";
    /**
     * Not archived: it restates the ticket's running SLA clocks, and the next one supersedes it; what a clock came to
     * arrives as sla-measured or sla-breached.
     */
    public static final String SLA_DUE = "io.madoguchi.escalation.sla-due.v1";
    /**
     * Not archived: ticket.assigned restates its queue and assignee once ticket-service applied it, and the rule that
     * chose them is escalation-service's own record ({@code GET /api/v1/routing/tickets/{ticketId}}), which nothing here
     * aggregates.
     */
    public static final String ROUTED = "io.madoguchi.escalation.routed.v1";
    public static final String SLA_BREACHED = "io.madoguchi.escalation.sla-breached.v1";
    public static final String SLA_MEASURED = "io.madoguchi.escalation.sla-measured.v1";
    /** On {@code inquiries.v1}: an inquiry a chatbot answered without a ticket. */
    public static final String INQUIRY_DEFLECTED = "io.madoguchi.inquiry.deflected.v1";
    /** On {@code deliveries.v1} (ingest-service): a reply, acknowledgement or survey the customer's channel accepted. */
    public static final String DELIVERY_SENT = "io.madoguchi.delivery.sent.v1";
    /** On {@code deliveries.v1}: a delivery that failed for good (until an agent has it retried). */
    public static final String DELIVERY_FAILED = "io.madoguchi.delivery.failed.v1";

    /** The events the archive leaves out: each restates what another event or another service keeps. */
    public static boolean restated(String type) {
        return SLA_DUE.equals(type) || ROUTED.equals(type);
    }

    private TicketEventTypes() {
    }
}

package io.madoguchi.escalation.service.sla;

import java.util.Map;

import io.madoguchi.escalation.domain.SlaClock;

/** One ticket's SLA clocks as a batch of ticket events holds them. */
public interface TicketClocks {

    long ticketId();

    /** The ticket's clocks by metric, as the events so far left them. */
    Map<String, SlaClock> byMetric();

    /** A clock the ticket did not have. */
    void start(SlaClock clock);
}

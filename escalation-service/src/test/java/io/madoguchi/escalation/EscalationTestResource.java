package io.madoguchi.escalation;

import java.util.Map;

import io.madoguchi.chassis.testing.ServiceTestResource;

/** Real infrastructure for escalation-service's tests (see {@link ServiceTestResource}), with SLA clocks short enough to watch. */
public class EscalationTestResource extends ServiceTestResource {

    public EscalationTestResource() {
        super("escalation_test");
    }

    @Override
    protected Map<String, String> serviceConfig() {
        return Map.ofEntries(
                // "high" tickets get 3 s to a first reply, round the clock
                Map.entry("madoguchi.sla.priorities.high.first-reply", "PT3S"),
                Map.entry("madoguchi.sla.priorities.high.next-reply", "PT3S"),
                Map.entry("madoguchi.sla.priorities.high.business-hours", "false"),
                Map.entry("madoguchi.sla.timer-interval", "100ms"),
                // the outbox backlog and readiness gauges measured often enough to watch
                Map.entry("madoguchi.outbox.backlog-interval", "1s"),
                Map.entry("madoguchi.readiness-gauge-interval", "1s"),
                // a next-reply breach goes to whoever is on call for dev-oncall-sla
                Map.entry("madoguchi.sla.on-breach.next-reply.queue", "dev-oncall-sla"),
                Map.entry("madoguchi.sla.on-breach.next-reply.notify-on-call", "true"),
                // normal tickets routed to vip-sla get 2 s to a first reply; elsewhere 8 business hours
                Map.entry("madoguchi.sla.queues.vip-sla.priorities.normal.first-reply", "PT2S"),
                Map.entry("madoguchi.sla.queues.vip-sla.priorities.normal.business-hours", "false"));
    }
}

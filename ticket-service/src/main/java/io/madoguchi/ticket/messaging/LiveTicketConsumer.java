package io.madoguchi.ticket.messaging;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.madoguchi.chassis.cloudevents.CloudEventHeaders;
import io.madoguchi.ticket.service.LiveUpdates;
import io.madoguchi.ticket.service.WorkspacePresence;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Feeds {@link LiveUpdates} on every replica: {@code tickets.v1} and {@code workspace-presence} read from now on under a
 * consumer group of this instance's own (nothing committed), so each replica hears every change, whoever made it.
 * {@code tickets.v1} is read a poll batch at a time, since it carries every ticket's every change. A change is told by
 * its key and {@code ce_type} alone; the event's data is not even decoded. A record it cannot read is skipped: a page
 * misses one hint, and the next change or reconnect brings it up to date.
 */
@ApplicationScoped
public class LiveTicketConsumer {

    private static final Logger LOG = Logger.getLogger(LiveTicketConsumer.class);
    private static final String PREFIX = "io.madoguchi.ticket.";
    private static final Pattern TICKET_ID = Pattern.compile("\\d{1,18}");
    private static final Pattern VERSION = Pattern.compile("\\.v\\d+$");

    private final LiveUpdates live;
    private final WorkspacePresence presence;

    public LiveTicketConsumer(LiveUpdates live, WorkspacePresence presence) {
        this.live = live;
        this.presence = presence;
    }

    @Incoming("live-tickets")
    public void ticketsChanged(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                ticketChanged(record);
            } catch (RuntimeException e) {
                // one record's failure must not drop the hints of the rest of its poll batch
                LOG.debugf(e, "live update skipped for %s-%d@%d", record.topic(), record.partition(), record.offset());
            }
        }
    }

    private void ticketChanged(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
        if (type == null || type.value() == null || record.key() == null || !TICKET_ID.matcher(record.key()).matches()) {
            return;
        }
        String change = new String(type.value(), StandardCharsets.UTF_8);
        if (change.startsWith(PREFIX)) {
            change = VERSION.matcher(change.substring(PREFIX.length())).replaceFirst("");
        }
        live.publish(LiveUpdates.Update.ticket(Long.parseLong(record.key()), change));
    }

    @Incoming("live-presence")
    public void presence(ConsumerRecord<String, String> record) {
        presence.received(record.value()).ifPresent(live::publish);
    }
}

package io.madoguchi.ticket.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.reactive.messaging.Channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Collision detection: which agent is looking at or answering which ticket. An agent's page announces it; the
 * announcement goes through the {@code workspace-presence} topic (short retention, no contract beyond this service)
 * so that the pages on every replica hear it. Nothing is stored: a page repeats its announcement while it is open,
 * and one older than a minute is ignored.
 */
@ApplicationScoped
public class WorkspacePresence {

    public static final Set<String> ACTIVITIES = Set.of("viewing", "replying", "left");
    private static final Duration STALE = Duration.ofMinutes(1);

    record Announcement(long ticketId, String agent, String name, String activity, Instant at) {
    }

    private final MutinyEmitter<String> topic;
    private final ObjectMapper json;

    public WorkspacePresence(@Channel("workspace-presence") MutinyEmitter<String> topic, ObjectMapper json) {
        this.topic = topic;
        this.json = json;
    }

    /** Completes when the broker has the announcement. */
    public Uni<Void> announce(long ticketId, String agent, String name, String activity) {
        String value;
        try {
            value = json.writeValueAsString(new Announcement(ticketId, agent, name, activity, Instant.now()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return topic.sendMessage(Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(Long.toString(ticketId)).build()));
    }

    /** An announcement read from the topic, unless it is unreadable or stale. */
    public Optional<LiveUpdates.Update> received(String value) {
        try {
            Announcement a = json.readValue(value, Announcement.class);
            if (a.at() == null || a.agent() == null || !ACTIVITIES.contains(a.activity()) || a.at().isBefore(Instant.now().minus(STALE))) {
                return Optional.empty();
            }
            return Optional.of(LiveUpdates.Update.presence(a.ticketId(), a.agent(), a.name(), a.activity(), a.at()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

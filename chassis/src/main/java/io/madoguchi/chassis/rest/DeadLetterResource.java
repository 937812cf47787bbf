package io.madoguchi.chassis.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import io.madoguchi.chassis.deadletter.ConsumedTopics;
import io.madoguchi.chassis.deadletter.DeadLetter;
import io.madoguchi.chassis.deadletter.DeadLetterQueues;
import io.madoguchi.chassis.deadletter.DeadLetterReplay;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The dead letters of each topic this service consumes ({@code <topic>.dlq}): list them with their reasons, and put
 * chosen ones (or all since a time) back on the topic once the cause is fixed. Every service has it.
 */
@Path("/admin/v1/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@SecurityRequirement(name = "jwt")
public class DeadLetterResource {

    static final int MAX = 1000;

    private final ConsumedTopics topics;
    private final DeadLetterQueues queues;
    private final DeadLetterReplay replay;
    private final SecurityIdentity identity;

    public DeadLetterResource(ConsumedTopics topics, DeadLetterQueues queues, DeadLetterReplay replay, SecurityIdentity identity) {
        this.topics = topics;
        this.queues = queues;
        this.replay = replay;
        this.identity = identity;
    }

    public record Topics(Set<String> topics) {
    }

    public record Letters(String topic, List<DeadLetter> items) {
    }

    /** A dead letter by its place in {@code <topic>.dlq}. */
    public record Place(@NotNull Integer partition, @NotNull Long offset) {
    }

    /** Either {@code letters} or {@code since} (with at most {@code limit} letters). */
    public record ReplayRequest(List<@Valid @NotNull Place> letters, Instant since, @Min(1) @Max(MAX) Integer limit) {
    }

    public record Replayed(String topic, long replayed, List<DeadLetterReplay.Outcome> outcomes) {
    }

    @GET
    @Operation(summary = "The topics whose dead letters this service keeps")
    public Topics topics() {
        return new Topics(topics.all());
    }

    @GET
    @Path("/{topic}")
    @Operation(summary = "Dead letters of a topic, oldest first, with why each was dead-lettered")
    @APIResponse(responseCode = "400", description = "since is no RFC 3339 time, or limit out of 1..1000")
    @APIResponse(responseCode = "404", description = "This service does not consume that topic")
    public Letters list(@PathParam("topic") String topic, @QueryParam("since") String since,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        known(topic);
        if (limit < 1 || limit > MAX) {
            throw new ProblemException(400, "Invalid limit", "limit must be between 1 and " + MAX);
        }
        return new Letters(topic, queues.since(topic, instant(since), limit).stream().map(DeadLetterQueues.Letter::view).toList());
    }

    @POST
    @Path("/{topic}/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish dead letters again to the topic they came from",
            description = "Chosen ones ({\"letters\":[{\"partition\":0,\"offset\":12}]}) or all written since a time "
                    + "({\"since\":\"2026-12-01T00:00:00Z\",\"limit\":1000}). Consumers apply an event once, however often it is replayed.")
    @APIResponse(responseCode = "400", description = "Neither or both of letters and since, or a bad value")
    @APIResponse(responseCode = "404", description = "Unknown topic, or no dead letter at a chosen place (nothing replayed)")
    public Replayed replay(@PathParam("topic") String topic, @Valid @NotNull ReplayRequest request) {
        known(topic);
        if ((request.letters() == null) == (request.since() == null)) {
            throw new ProblemException(400, "Invalid replay", "Give either letters (their partition and offset) or since (a time)");
        }
        List<DeadLetterQueues.Letter> letters = new ArrayList<>();
        if (request.letters() != null) {
            if (request.letters().isEmpty() || request.letters().size() > MAX) {
                throw new ProblemException(400, "Invalid replay", "letters must name 1 to " + MAX + " dead letters");
            }
            for (Place place : request.letters()) {
                letters.add(queues.at(topic, place.partition(), place.offset()).orElseThrow(() -> new ProblemException(404, "No such dead letter",
                        "No dead letter of " + topic + " at partition " + place.partition() + ", offset " + place.offset() + "; nothing was replayed")));
            }
        } else {
            letters.addAll(queues.since(topic, request.since(), request.limit() == null ? MAX : request.limit()));
        }
        List<DeadLetterReplay.Outcome> outcomes = replay.replay(topic, letters, identity.getPrincipal().getName());
        return new Replayed(topic, outcomes.stream().filter(DeadLetterReplay.Outcome::replayed).count(), outcomes);
    }

    private void known(String topic) {
        if (!topics.contains(topic)) {
            throw new ProblemException(404, "Unknown topic", "This service keeps no dead letters of " + topic + "; it has " + topics.all());
        }
    }

    private static Instant instant(String text) {
        try {
            return text == null || text.isBlank() ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ProblemException(400, "Invalid since", "since must be an RFC 3339 time such as 2026-12-01T00:00:00Z");
        }
    }
}

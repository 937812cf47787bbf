package io.madoguchi.analytics.rest;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import io.madoguchi.analytics.repository.DeliveryRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** How the replies, acknowledgements and surveys sent to customers fared: each delivery counted once, by its latest outcome. */
@Path("/api/v1/stats/deliveries")
@RolesAllowed({ "agent", "admin" })
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class DeliveryStatsResource {

    static final int TOP_REASONS = 10;

    public record Counts(long sent, long failed, long failedPermanently, long recovered) {

        Counts plus(DeliveryRepository.Counts c) {
            return new Counts(sent + c.sent(), failed + c.failed(), failedPermanently + c.failedPermanently(), recovered + c.recovered());
        }
    }

    public record FailureReason(String channel, String reason, long deliveries) {
    }

    public record DeliveryReport(OffsetDateTime from, OffsetDateTime to, Counts totals, Map<String, Counts> byChannel,
            Map<String, Map<String, Counts>> byChannelAndKind, List<FailureReason> topFailureReasons, Map<String, String> formulas) {
    }

    static final Map<String, String> FORMULAS = formulas();

    private static final Counts NONE = new Counts(0, 0, 0, 0);

    private final DeliveryRepository deliveries;

    public DeliveryStatsResource(DeliveryRepository deliveries) {
        this.deliveries = deliveries;
    }

    @GET
    @Operation(summary = "Deliveries to customers whose latest outcome is in [from, to) (RFC 3339; default: the last 30 days): sent, "
            + "failed, failed for good by the channel, and sent after a failure (recovered), in total, by channel and by channel and "
            + "kind; the most frequent reasons of the failures, without addresses or ids. The formulas are in the response.")
    public Uni<DeliveryReport> deliveries(@QueryParam("from") String from, @QueryParam("to") String to) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        TimeRange range = TimeRange.of(from, to, now.minusDays(30), now);
        return deliveries.counts(range.from(), range.to())
                .chain(counts -> deliveries.topFailureReasons(range.from(), range.to(), TOP_REASONS)
                        .map(reasons -> report(range, counts, reasons)));
    }

    private static DeliveryReport report(TimeRange range, List<DeliveryRepository.Counts> counts, List<DeliveryRepository.Reason> reasons) {
        Counts totals = NONE;
        Map<String, Counts> byChannel = new TreeMap<>();
        Map<String, Map<String, Counts>> byChannelAndKind = new TreeMap<>();
        for (DeliveryRepository.Counts c : counts) {
            totals = totals.plus(c);
            byChannel.put(c.channel(), byChannel.getOrDefault(c.channel(), NONE).plus(c));
            byChannelAndKind.computeIfAbsent(c.channel(), channel -> new TreeMap<>()).put(c.kind(), NONE.plus(c));
        }
        return new DeliveryReport(range.from(), range.to(), totals, byChannel, byChannelAndKind,
                reasons.stream().map(r -> new FailureReason(r.channel(), r.reason(), r.deliveries())).toList(), FORMULAS);
    }

    /** The formula of each figure, by its name in {@code totals} (the same in {@code byChannel} and {@code byChannelAndKind}). */
    private static Map<String, String> formulas() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("sent", "deliveries whose latest outcome, in the range, is sent (a delivery sent after a failure included: see recovered)");
        f.put("failed", "deliveries whose latest outcome, in the range, is failed: failed for good, until an agent has one retried");
        f.put("failedPermanently", "of the failed, those the channel refused for good (permanent); the others ran out of attempts on "
                + "transient failures");
        f.put("recovered", "of the sent, those that had failed before (retried by an agent, then sent)");
        f.put("topFailureReasons", "the " + TOP_REASONS + " most frequent (channel, reason) among the failed, most first; reasons without "
                + "e-mail addresses, phone or card numbers, ids or the recipient, so the same failure of different customers reads the same");
        f.put("range", "each delivery counts once, in the range that holds the time of its latest outcome (sentAt or failedAt)");
        return Collections.unmodifiableMap(f);
    }
}

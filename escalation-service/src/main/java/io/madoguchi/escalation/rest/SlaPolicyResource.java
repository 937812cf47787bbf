package io.madoguchi.escalation.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import io.madoguchi.chassis.rest.ProblemException;
import io.madoguchi.escalation.domain.SlaClock;
import io.madoguchi.escalation.service.DocumentReader;
import io.madoguchi.escalation.service.sla.SlaCalendarCatchUp;
import io.madoguchi.escalation.service.sla.SlaMetric;
import io.madoguchi.escalation.service.sla.SlaPolicies;
import io.madoguchi.escalation.service.sla.SlaPolicy;
import io.madoguchi.escalation.service.sla.SlaTerms;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** The SLA policy as data: business calendars, targets and breach escalation; read, replace, versions, and a dry run. */
@Path("/api/v1/sla/policy")
@RolesAllowed("admin")
@SecurityRequirement(name = "jwt")
public class SlaPolicyResource {

    /** A saved version; its body without the first three fields can be sent back as is. */
    public record PolicyView(long version, String savedBy, Instant savedAt, SlaPolicy.Calendar calendar,
            Map<String, SlaPolicy.Calendar> calendars, Map<String, String> queueCalendars, int warnAtPercent,
            List<SlaPolicy.Target> targets, Map<String, SlaPolicy.OnBreach> onBreach) {

        static PolicyView of(SlaPolicies.Version v) {
            SlaPolicy p = v.policy();
            return new PolicyView(v.version(), v.savedBy(), v.savedAt(), p.calendar(), p.calendars(), p.queueCalendars(), p.warnAtPercent(),
                    p.targets(), p.onBreach());
        }
    }

    public record VersionSummary(long version, String savedBy, Instant savedAt, int targets) {
    }

    /** A ticket to try the policy in force on. */
    public record Sample(@NotNull(message = "a priority (low, normal, high, urgent) is required") String priority, String queue,
            String segment, Instant at) {
    }

    public record Due(String metric, String target, boolean businessHours, Instant warnAt, Instant dueAt) {
    }

    /** {@code calendar}: the calendar the sample's queue counts business hours in ({@code default} or a name from calendars). */
    public record DryRun(long version, String calendar, List<Due> clocks) {
    }

    /** A policy with a calendar for the team in New York besides the default one in Tokyo. */
    static final String EXAMPLE = """
            {"calendar":{"zone":"Asia/Tokyo","hours":"mon-fri 09:00-18:00","japaneseHolidays":true,"closures":["2026-12-31"]},
             "calendars":{"new-york":{"zone":"America/New_York","hours":"mon-fri 09:00-18:00","closures":["2026-11-26"]}},
             "queueCalendars":{"support-us":"new-york"},
             "warnAtPercent":75,
             "targets":[{"priority":"urgent","firstReply":"PT1H","resolution":"PT24H","businessHours":false},
                        {"priority":"normal","firstReply":"PT8H","nextReply":"PT8H","resolution":"PT45H"},
                        {"priority":"normal","queue":"billing","firstReply":"PT4H"}],
             "onBreach":{"first-reply":{"raisePriority":true},"resolution":{"queue":"tier2","notifyOnCall":true}}}""";

    private final SlaPolicies policies;
    private final SlaCalendarCatchUp calendars;
    private final JsonWebToken caller;

    public SlaPolicyResource(SlaPolicies policies, SlaCalendarCatchUp calendars, JsonWebToken caller) {
        this.policies = policies;
        this.calendars = calendars;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The SLA policy in force (version 0: the service's configuration before any was saved)")
    public Uni<PolicyView> current() {
        return Panache.withSession(policies::current).map(PolicyView::of);
    }

    @PUT
    @Consumes({ MediaType.APPLICATION_JSON, "application/yaml", "text/yaml" })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the SLA policy", description = "Validates the whole policy and saves it as a new version. Its targets "
            + "apply to clocks that start, restart or change priority or queue from then on; running business-hours clocks are "
            + "rescheduled by their queue's calendar (the one queueCalendars names for the queue, else the default calendar) right after "
            + "the save commits, in chunks, within seconds. "
            + "Accepts JSON or YAML (an import).")
    @APIResponse(responseCode = "200", description = "Saved as the new version")
    @APIResponse(responseCode = "400", description = "Invalid: every fault named by its path, e.g. targets[2].firstReply")
    public Uni<PolicyView> replace(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, example = EXAMPLE)) String body,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        SlaPolicy policy = DocumentReader.read(body, contentType, SlaPolicy.class, SlaPolicies.INVALID);
        return Panache.withTransaction(() -> policies.save(policy, caller.getName())).invoke(() -> {
            policies.refreshNow();
            calendars.wakeUp();
        }).map(PolicyView::of);
    }

    @GET
    @Path("/versions")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Saved versions of the SLA policy, newest first")
    public Uni<List<VersionSummary>> versions(@QueryParam("limit") Integer limit) {
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > 500) {
            throw new ProblemException(400, "Invalid request", "limit must be between 1 and 500");
        }
        return Panache.withSession(() -> policies.history(size)).map(list -> list.stream()
                .map(v -> new VersionSummary(v.version(), v.savedBy(), v.savedAt(), v.policy().targets().size())).toList());
    }

    @GET
    @Path("/versions/{version}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One saved version of the SLA policy")
    public Uni<PolicyView> version(@PathParam("version") long version) {
        return Panache.withSession(() -> policies.find(version)).map(found -> {
            if (found == null) {
                throw new ProblemException(404, "Not Found", "There is no SLA policy version " + version);
            }
            return PolicyView.of(found);
        });
    }

    @POST
    @Path("/dry-run")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "When a sample ticket's clocks would warn and breach", description = "By the policy in force, for a ticket "
            + "of the priority, queue and segment created at 'at' (default now) and never answered or paused; business hours are "
            + "counted in the queue's calendar.")
    public Uni<DryRun> dryRun(@NotNull(message = "a sample ticket is required") @Valid Sample sample) {
        Instant at = sample.at() == null ? Instant.now() : sample.at();
        return policies.terms().map(terms -> {
            List<Due> clocks = new ArrayList<>();
            for (SlaMetric metric : SlaMetric.values()) {
                terms.target(sample.queue(), sample.segment(), sample.priority(), metric)
                        .ifPresent(target -> clocks.add(due(terms, sample.queue(), metric, target, at)));
            }
            return new DryRun(terms.version(), terms.calendarNameFor(sample.queue()), clocks);
        });
    }

    private static Due due(SlaTerms terms, String queue, SlaMetric metric, SlaTerms.Target target, Instant at) {
        SlaClock clock = SlaClock.start(0, metric.id, queue, null, null, target.duration(), target.businessHours(), at,
                terms.warnAtPercent(), terms.calendarFor(queue));
        return new Due(metric.id, target.duration().toString(), target.businessHours(), clock.warnAt, clock.dueAt);
    }
}

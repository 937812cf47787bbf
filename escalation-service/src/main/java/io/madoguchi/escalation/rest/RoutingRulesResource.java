package io.madoguchi.escalation.rest;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import io.madoguchi.chassis.rest.ProblemException;
import io.madoguchi.escalation.service.DocumentReader;
import io.madoguchi.escalation.service.RoutingService;
import io.madoguchi.escalation.service.routing.RoutingRuleSets;
import io.madoguchi.escalation.service.routing.RoutingRules;
import io.madoguchi.escalation.service.routing.RuleSet;
import io.madoguchi.escalation.service.routing.TicketFacts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
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

/** The routing rules as data: read, replace (JSON or a YAML import), their versions, and a dry run. */
@Path("/api/v1/routing/rules")
@RolesAllowed("admin")
@SecurityRequirement(name = "jwt")
public class RoutingRulesResource {

    public record RuleSetView(long version, String savedBy, Instant savedAt, List<RuleSet.Rule> rules,
            java.util.Map<String, List<String>> segments) {

        static RuleSetView of(RoutingRuleSets.Version v) {
            return new RuleSetView(v.version(), v.savedBy(), v.savedAt(), v.rules().rules(), v.rules().segments());
        }
    }

    public record VersionSummary(long version, String savedBy, Instant savedAt, int rules) {
    }

    public record Sample(String channel, String subject, String body, List<String> tags, String priority,
            String requesterEmail, Instant at) {
    }

    public record DryRun(long version, String rule, int position, String queue, String priority, List<String> tags) {
    }

    private final RoutingRuleSets ruleSets;
    private final RoutingService routing;
    private final JsonWebToken caller;

    public RoutingRulesResource(RoutingRuleSets ruleSets, RoutingService routing, JsonWebToken caller) {
        this.ruleSets = ruleSets;
        this.routing = routing;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The routing rules in force (version 0: the built-in default before any were saved)")
    public Uni<RuleSetView> current() {
        return Panache.withSession(ruleSets::current).map(RuleSetView::of);
    }

    @PUT
    @Consumes({ MediaType.APPLICATION_JSON, "application/yaml", "text/yaml" })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the routing rules", description = "Validates the whole rule set and saves it as a new version, "
            + "in force for tickets routed from then on. Accepts JSON or YAML (an import).")
    @APIResponse(responseCode = "200", description = "Saved as the new version")
    @APIResponse(responseCode = "400", description = "Invalid: every fault named by its path, e.g. rules[2].when.patterns[0]")
    public Uni<RuleSetView> replace(String body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        RuleSet rules = DocumentReader.read(body, contentType, RuleSet.class, RoutingRuleSets.INVALID);
        return Panache.withTransaction(() -> ruleSets.save(rules, caller.getName())).map(RuleSetView::of);
    }

    @GET
    @Path("/versions")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Saved versions of the routing rules, newest first")
    public Uni<List<VersionSummary>> versions(@QueryParam("limit") Integer limit) {
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > 500) {
            throw new ProblemException(400, "Invalid request", "limit must be between 1 and 500");
        }
        return Panache.withSession(() -> ruleSets.history(size))
                .map(list -> list.stream().map(v -> new VersionSummary(v.version(), v.savedBy(), v.savedAt(), v.rules().rules().size())).toList());
    }

    @GET
    @Path("/versions/{version}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One saved version of the routing rules")
    public Uni<RuleSetView> version(@PathParam("version") long version) {
        return Panache.withSession(() -> ruleSets.find(version)).map(found -> {
            if (found == null) {
                throw new ProblemException(404, "Not Found", "There is no routing rule set version " + version);
            }
            return RuleSetView.of(found);
        });
    }

    @POST
    @Path("/dry-run")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Which rule a sample ticket would hit", description = "By the rules in force, or by ?version=N.")
    public Uni<DryRun> dryRun(@NotNull(message = "a sample ticket is required") Sample sample, @QueryParam("version") Long version) {
        TicketFacts facts = new TicketFacts(sample.channel(), sample.subject(), sample.body(), sample.tags(), sample.priority(),
                sample.requesterEmail(), sample.at());
        return routing.dryRun(facts, version).map(match -> {
            if (match == null) {
                throw new ProblemException(404, "Not Found", "There is no routing rule set version " + version);
            }
            return view(match);
        });
    }

    private static DryRun view(RoutingRules.Match match) {
        return new DryRun(match.version(), match.rule(), match.position(), match.target().queue(), match.target().priority(),
                match.target().tags());
    }
}

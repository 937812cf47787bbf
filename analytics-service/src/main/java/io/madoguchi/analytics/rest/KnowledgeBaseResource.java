package io.madoguchi.analytics.rest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import io.madoguchi.analytics.repository.KnowledgeBaseRepository;
import io.madoguchi.analytics.service.KnowledgeBaseService;
import io.madoguchi.analytics.service.mining.FaqMiner;
import io.madoguchi.chassis.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Help articles, FAQ candidates mined from solved tickets, and the redacted questions they are mined from. */
@Path("/api/v1/kb")
@RolesAllowed({ "agent", "admin" })
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class KnowledgeBaseResource {

    private static final java.util.regex.Pattern ARTICLE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String NO_NUL = "[^\\x00]*";
    private static final String NUL_MESSAGE = "must not contain NUL characters";

    /** A help-center article. */
    public record ArticleRequest(
            @NotBlank @Size(max = 500) @Pattern(regexp = NO_NUL, message = NUL_MESSAGE) String title,
            @NotBlank @Size(max = 100_000) @Pattern(regexp = NO_NUL, message = NUL_MESSAGE) String body,
            @NotBlank @Pattern(regexp = NO_NUL, message = NUL_MESSAGE) String url) {

        /** A blank url or one with NUL is reported by the field's own constraints. */
        @AssertTrue(message = "url must be an http(s) URL")
        public boolean isHttpUrl() {
            if (url == null || url.isBlank() || url.indexOf('\u0000') >= 0) {
                return true;
            }
            try {
                URI parsed = URI.create(url);
                return ("https".equals(parsed.getScheme()) || "http".equals(parsed.getScheme())) && parsed.getHost() != null;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }

    public record Example(long ticketId, String question) {
    }

    public record Candidate(List<String> label, int size, int earlier, int recent, String trend, List<Example> questions,
            List<String> answers, String topMacro, Coverage coverage) {
    }

    public record Coverage(String articleId, String url, double similarity) {
    }

    public record Candidates(OffsetDateTime from, OffsetDateTime to, int ticketsMined, List<Candidate> candidates,
            List<Candidate> covered, java.util.Map<String, String> formulas) {
    }

    private final KnowledgeBaseRepository repository;
    private final KnowledgeBaseService kb;
    private final JsonWebToken caller;

    public KnowledgeBaseResource(KnowledgeBaseRepository repository, KnowledgeBaseService kb, JsonWebToken caller) {
        this.repository = repository;
        this.kb = kb;
        this.caller = caller;
    }

    @GET
    @Path("/articles")
    @Operation(summary = "The registered help-center articles")
    public Uni<List<KnowledgeBaseRepository.Article>> articles() {
        return Panache.withSession(repository::articles);
    }

    @PUT
    @Path("/articles/{id}")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register or replace a help-center article (title, body, url)")
    public Uni<Response> saveArticle(@PathParam("id") String id, @NotNull @Valid ArticleRequest article) {
        if (!ARTICLE_ID.matcher(id).matches()) {
            throw new ProblemException(400, "Invalid article id", "1–64 characters of letters, digits, '.', '_' or '-'");
        }
        return Panache.withTransaction(() -> repository.save(id, article.title(), article.body(), article.url(), caller.getName()))
                .chain(created -> Panache.withSession(() -> repository.article(id))
                        .map(saved -> Response.status(created ? 201 : 200).entity(saved).build()));
    }

    @DELETE
    @Path("/articles/{id}")
    @RolesAllowed("admin")
    @Operation(summary = "Remove a help-center article")
    public Uni<Response> deleteArticle(@PathParam("id") String id) {
        return Panache.withTransaction(() -> repository.delete(id)).map(deleted -> {
            if (!deleted) {
                throw new ProblemException(404, "Not Found", "There is no article " + id);
            }
            return Response.noContent().build();
        });
    }

    @GET
    @Path("/candidates")
    @Operation(summary = "FAQ candidates: recurring questions among tickets solved in [from, to) (default: the last 90 days) that no "
            + "help article covers, most asked first; ?includeCovered=true also lists the covered ones")
    public Uni<Candidates> candidates(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("includeCovered") boolean includeCovered) {
        TimeRange range = lastDays(from, to);
        Instant start = range.from().toInstant();
        Instant end = range.to().toInstant();
        return kb.questions(start, end).chain(questions -> kb.topics(questions, start, end).map(topics -> new Candidates(range.from(), range.to(),
                questions.size(),
                topics.stream().filter(t -> t.coveredBy() == null).map(KnowledgeBaseResource::candidate).toList(),
                includeCovered ? topics.stream().filter(t -> t.coveredBy() != null).map(KnowledgeBaseResource::candidate).toList() : null,
                java.util.Map.of(
                        "topic", "solved tickets whose subject and first message (personal data removed) are similar: TF-IDF over Kuromoji"
                                + " (Japanese) and English terms, cosine ≥ " + FaqMiner.Settings.DEFAULT.joinAt() + " to the cluster centre;"
                                + " at least " + FaqMiner.Settings.DEFAULT.minSize() + " tickets",
                        "covered", "an article's title and body have cosine ≥ " + FaqMiner.Settings.DEFAULT.coveredAt() + " to the topic's centre",
                        "trend", "rising when (recent + 1) ÷ (earlier + 1) ≥ 1.5, falling when ≤ 1 ÷ 1.5; earlier and recent are the"
                                + " two halves of [from, to)"))));
    }

    @GET
    @Path("/questions")
    @Operation(summary = "Export: the questions and answers of tickets solved in [from, to) with personal data removed")
    public Uni<List<KnowledgeBaseService.Question>> questions(@QueryParam("from") String from, @QueryParam("to") String to) {
        TimeRange range = lastDays(from, to);
        return kb.questions(range.from().toInstant(), range.to().toInstant());
    }

    private static TimeRange lastDays(String from, String to) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return TimeRange.of(from, to, now.minus(Duration.ofDays(90)), now.plusSeconds(1));
    }

    private static Candidate candidate(FaqMiner.Topic t) {
        return new Candidate(t.label(), t.size(), t.earlier(), t.recent(), t.trend(),
                t.representatives().stream().map(q -> new Example(q.ticketId(), q.text())).toList(), t.answers(), t.topMacro(),
                t.coveredBy() == null ? null : new Coverage(t.coveredBy().id(), t.coveredBy().url(), t.coverage()));
    }
}

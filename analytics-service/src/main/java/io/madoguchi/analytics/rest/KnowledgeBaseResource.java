package io.madoguchi.analytics.rest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import io.madoguchi.analytics.repository.ArticleDraftRepository;
import io.madoguchi.analytics.repository.KnowledgeBaseRepository;
import io.madoguchi.analytics.service.KnowledgeBaseService;
import io.madoguchi.analytics.service.mining.ArticleDrafts;
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
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Help articles, FAQ candidates mined from solved tickets and the drafts made of them, and the redacted questions they are mined from. */
@Path("/api/v1/kb")
@RolesAllowed({ "agent", "admin" })
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class KnowledgeBaseResource {

    private static final java.util.regex.Pattern ARTICLE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String NO_NUL = "[^\\x00]*";
    private static final String NUL_MESSAGE = "must not contain NUL characters";

    /**
     * A help-center article; optionally its language (a language tag: ja, en, en-GB) and the key its translations share
     * (pair), from which FAQ mining learns which Japanese and English terms mean the same.
     */
    public record ArticleRequest(
            @NotBlank @Size(max = 500) @Pattern(regexp = NO_NUL, message = NUL_MESSAGE) String title,
            @NotBlank @Size(max = 100_000) @Pattern(regexp = NO_NUL, message = NUL_MESSAGE) String body,
            @NotBlank @Pattern(regexp = NO_NUL, message = NUL_MESSAGE) String url,
            @Pattern(regexp = "[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,2}", message = "must be a language tag such as ja or en-GB") String language,
            @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}", message = "must be 1–64 letters, digits, '.', '_' or '-'") String pair) {

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

    /** A candidate's id is the lowest ticket id among its members: stable while that ticket is in the mined range. */
    public record Candidate(long id, List<String> label, int size, int earlier, int recent, String trend, List<Example> questions,
            List<String> answers, String topMacro, Coverage coverage) {
    }

    /** A ticket behind a candidate: its question (personal data removed) and the agents' answer. */
    public record MemberTicket(long ticketId, String question, String answer) {
    }

    /** One page of a candidate's tickets in ticket id order; {@code next} is the {@code after} of the next page, null on the last. */
    public record CandidateTickets(long id, List<String> label, int size, List<MemberTicket> items, Long next) {
    }

    public record Coverage(String articleId, String url, double similarity) {
    }

    public record Candidates(OffsetDateTime from, OffsetDateTime to, int ticketsMined, List<Candidate> candidates,
            List<Candidate> covered, Map<String, String> formulas) {
    }

    private final KnowledgeBaseRepository repository;
    private final KnowledgeBaseService kb;
    private final ArticleDraftRepository drafts;
    private final JsonWebToken caller;

    public KnowledgeBaseResource(KnowledgeBaseRepository repository, KnowledgeBaseService kb, ArticleDraftRepository drafts, JsonWebToken caller) {
        this.repository = repository;
        this.kb = kb;
        this.drafts = drafts;
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
    @Operation(summary = "Register or replace a help-center article (title, body, url; optionally language and translation pair)")
    public Uni<Response> saveArticle(@PathParam("id") String id, @NotNull @Valid ArticleRequest article) {
        if (!ARTICLE_ID.matcher(id).matches()) {
            throw new ProblemException(400, "Invalid article id", "1–64 characters of letters, digits, '.', '_' or '-'");
        }
        return Panache.withTransaction(() -> repository.save(id, article.title(), article.body(), article.url(),
                article.language() == null ? null : article.language().toLowerCase(java.util.Locale.ROOT), article.pair(), caller.getName()))
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
        return kb.mine(start, end).map(mining -> new Candidates(range.from(), range.to(),
                mining.questions().size(),
                mining.topics().stream().filter(t -> t.coveredBy() == null).map(KnowledgeBaseResource::candidate).toList(),
                includeCovered ? mining.topics().stream().filter(t -> t.coveredBy() != null).map(KnowledgeBaseResource::candidate).toList() : null,
                Map.of(
                        "topic", "solved tickets whose subject and first message (personal data removed) are similar: TF-IDF over Kuromoji"
                                + " (Japanese) and English terms, Japanese and English words of one meaning made one term by a bilingual"
                                + " glossary, by the help articles' translations and by a Japanese–English dictionary (only the English words the"
                                + " English questions use), cosine ≥ " + FaqMiner.Settings.DEFAULT.joinAt() + " to the cluster centre;"
                                + " at least " + FaqMiner.Settings.DEFAULT.minSize() + " tickets",
                        "covered", "an article's title and body have cosine ≥ " + FaqMiner.Settings.DEFAULT.coveredAt() + " to the topic's centre",
                        "trend", "rising when (recent + 1) ÷ (earlier + 1) ≥ 1.5, falling when ≤ 1 ÷ 1.5; earlier and recent are the"
                                + " two halves of [from, to)")));
    }

    @GET
    @Path("/candidates/{id}/tickets")
    @Operation(summary = "Every ticket behind a candidate (or covered topic) of [from, to), in ticket id order, limit (1–200, default 50)"
            + " at a time after the ticket id given as after")
    public Uni<CandidateTickets> candidateTickets(@PathParam("id") long id, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("after") Long after, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 200) {
            throw new ProblemException(400, "Invalid limit", "limit must be between 1 and 200");
        }
        return mined(id, lastDays(from, to)).map(mined -> {
            List<Long> page = mined.topic().memberIds().stream().sorted().filter(t -> after == null || t > after).limit(limit + 1L).toList();
            List<MemberTicket> items = page.stream().limit(limit).map(mined.byTicket()::get)
                    .map(q -> new MemberTicket(q.ticketId(), q.text(), q.answer())).toList();
            return new CandidateTickets(id, mined.topic().label(), mined.topic().size(), items,
                    page.size() > limit ? items.get(limit - 1).ticketId() : null);
        });
    }

    @POST
    @Path("/candidates/{id}/drafts")
    @RolesAllowed("admin")
    @Operation(summary = "Assemble a help-article draft (Markdown, in each language the candidate's tickets are in) from a candidate of"
            + " [from, to): its customers' questions and its agents' answers; never published")
    public Uni<Response> draft(@PathParam("id") long id, @QueryParam("from") String from, @QueryParam("to") String to) {
        TimeRange range = lastDays(from, to);
        return mined(id, range).chain(mined -> {
            ArticleDrafts.Draft draft = ArticleDrafts.assemble(id, mined.topic().label(),
                    mined.topic().memberIds().stream().map(mined.byTicket()::get)
                            .map(q -> new FaqMiner.Question(q.ticketId(), q.text(), q.answer(), q.macro(), q.solvedAt())).toList());
            return Panache.withTransaction(() -> drafts.save(UUID.randomUUID(), id, range.from().toInstant(), range.to().toInstant(),
                    draft.title(), draft.languages(), draft.markdown(), draft.ticketIds(), caller.getName()));
        }).map(saved -> Response.created(URI.create("/api/v1/kb/drafts/" + saved.id())).entity(saved).build());
    }

    @GET
    @Path("/drafts")
    @Operation(summary = "The newest article drafts (at most 100)")
    public Uni<List<ArticleDraftRepository.StoredDraft>> drafts() {
        return Panache.withSession(() -> drafts.newest(100));
    }

    @GET
    @Path("/drafts/{id}")
    @Produces({ MediaType.APPLICATION_JSON, "text/markdown" })
    @Operation(summary = "An article draft: JSON, or with Accept: text/markdown the Markdown to edit and publish")
    public Uni<Response> getDraft(@PathParam("id") UUID id, @HeaderParam("Accept") String accept) {
        return Panache.withSession(() -> drafts.find(id)).map(draft -> {
            if (draft == null) {
                throw new ProblemException(404, "Not Found", "There is no draft " + id);
            }
            return accept != null && accept.contains("text/markdown") && !accept.contains("application/json")
                    ? Response.ok(draft.markdown(), "text/markdown; charset=UTF-8")
                            .header("Content-Disposition", "attachment; filename=\"draft-" + id + ".md\"").build()
                    : Response.ok(draft, MediaType.APPLICATION_JSON).build();
        });
    }

    @DELETE
    @Path("/drafts/{id}")
    @RolesAllowed("admin")
    @Operation(summary = "Remove an article draft")
    public Uni<Response> deleteDraft(@PathParam("id") UUID id) {
        return Panache.withTransaction(() -> drafts.delete(id)).map(deleted -> {
            if (!deleted) {
                throw new ProblemException(404, "Not Found", "There is no draft " + id);
            }
            return Response.noContent().build();
        });
    }

    private record Mined(FaqMiner.Topic topic, Map<Long, KnowledgeBaseService.Question> byTicket) {
    }

    /** The topic (candidate or covered) of [from, to) whose lowest ticket id is {@code id}. */
    private Uni<Mined> mined(long id, TimeRange range) {
        return kb.mine(range.from().toInstant(), range.to().toInstant()).map(mining -> {
            FaqMiner.Topic topic = mining.topics().stream().filter(t -> candidateId(t) == id).findFirst().orElseThrow(() -> new ProblemException(404,
                    "Not Found", "No candidate " + id + " among the tickets solved in [" + range.from() + ", " + range.to() + ")"));
            return new Mined(topic, mining.byTicket());
        });
    }

    @GET
    @Path("/questions")
    @Operation(summary = "Export: the questions and answers of tickets solved in [from, to) with personal data removed")
    public Uni<List<KnowledgeBaseService.Question>> questions(@QueryParam("from") String from, @QueryParam("to") String to) {
        TimeRange range = lastDays(from, to);
        return kb.questions(range.from().toInstant(), range.to().toInstant());
    }

    /** By default the 90 days up to the end of the current minute: a range that stays the same long enough to be reused. */
    private static TimeRange lastDays(String from, String to) {
        OffsetDateTime end = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        return TimeRange.of(from, to, end.minus(Duration.ofDays(90)), end);
    }

    private static Candidate candidate(FaqMiner.Topic t) {
        return new Candidate(candidateId(t), t.label(), t.size(), t.earlier(), t.recent(), t.trend(),
                t.representatives().stream().map(q -> new Example(q.ticketId(), q.text())).toList(), t.answers(), t.topMacro(),
                t.coveredBy() == null ? null : new Coverage(t.coveredBy().id(), t.coveredBy().url(), t.coverage()));
    }

    private static long candidateId(FaqMiner.Topic t) {
        return t.memberIds().stream().mapToLong(Long::longValue).min().orElseThrow();
    }
}

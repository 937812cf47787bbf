package io.madoguchi.analytics.service;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.madoguchi.analytics.repository.KnowledgeBaseRepository;
import io.madoguchi.analytics.repository.KnowledgeBaseRepository.SolvedTicket;
import io.madoguchi.analytics.service.mining.FaqMiner;
import io.madoguchi.analytics.service.mining.Glossary;
import io.madoguchi.analytics.service.mining.TextAnalysis;
import io.madoguchi.analytics.service.privacy.Redactor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Knowledge-base mining over the archive: solved tickets' questions and answers, redacted, clustered into recurring
 * topics and checked against the help articles.
 */
@ApplicationScoped
public class KnowledgeBaseService {

    /** A solved ticket as mining sees it: personal data removed. */
    public record Question(long ticketId, String text, String answer, String macro, Instant solvedAt) {
    }

    /** A range mined: its redacted questions and their recurring topics, most asked first. */
    public record Mining(List<Question> questions, List<FaqMiner.Topic> topics, Map<Long, Question> byTicket) {

        Mining(List<Question> questions, List<FaqMiner.Topic> topics) {
            this(questions, topics, questions.stream().collect(Collectors.toUnmodifiableMap(Question::ticketId, q -> q, (a, b) -> a)));
        }
    }

    private record Range(Instant from, Instant to) {
    }

    private record Mined(String fingerprint, Uni<Mining> mining) {
    }

    private final KnowledgeBaseRepository repository;
    private final FaqMiner miner;
    private final int maxTickets;
    private final Cache<Range, Mined> mined = Caffeine.newBuilder().maximumSize(16).expireAfterAccess(Duration.ofHours(1)).build();
    private final Counter computed;
    private final Counter reused;

    public KnowledgeBaseService(KnowledgeBaseRepository repository,
            @ConfigProperty(name = "madoguchi.kb.max-tickets", defaultValue = "5000") int maxTickets, MeterRegistry registry) {
        this.repository = repository;
        TextAnalysis analysis = new TextAnalysis();
        this.miner = new FaqMiner(analysis, Glossary.load(analysis), FaqMiner.Settings.DEFAULT);
        this.maxTickets = maxTickets;
        this.computed = Counter.builder("madoguchi.kb.minings").tag("result", "computed")
                .description("FAQ minings of a range: computed, or reused because nothing they depend on changed").register(registry);
        this.reused = Counter.builder("madoguchi.kb.minings").tag("result", "reused")
                .description("FAQ minings of a range: computed, or reused because nothing they depend on changed").register(registry);
    }

    /**
     * The range [from, to) mined. The result is kept per range and reused for as long as the tickets it read and the
     * help articles are unchanged (a fingerprint of both is checked on each call, in one query), so a dashboard that
     * asks again, or a drill-down into one of its candidates, does not mine again; concurrent calls share one mining.
     */
    public Uni<Mining> mine(Instant from, Instant to) {
        Range range = new Range(from, to);
        Executor back = callerContext();
        return Panache.withSession(() -> repository.miningFingerprint(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), maxTickets))
                .chain(fingerprint -> {
                    Mined fresh = new Mined(fingerprint, questions(from, to)
                            .chain(questions -> topics(questions, from, to).map(topics -> new Mining(questions, topics)))
                            .memoize().indefinitely());
                    // atomically, so that callers who find the same change at once share one mining
                    Mined entry = mined.asMap().compute(range, (r, kept) -> kept != null && kept.fingerprint().equals(fingerprint) ? kept : fresh);
                    (entry == fresh ? computed : reused).increment();
                    return entry.mining().onFailure().invoke(() -> mined.asMap().remove(range, entry));
                })
                // a shared mining completes on the context of whoever started it: go on on the caller's own
                .emitOn(back);
    }

    /** The redacted questions and answers of tickets solved in [from, to): what is mined, and what may be exported. */
    public Uni<List<Question>> questions(Instant from, Instant to) {
        return Panache.withSession(() -> repository.solved(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), maxTickets))
                .map(tickets -> tickets.stream().map(KnowledgeBaseService::redacted).toList());
    }

    /**
     * Recurring topics among the questions of tickets solved in [from, to), most asked first; mining runs off the
     * event loop, and the result comes back on the caller's context, where a database session may follow.
     */
    private Uni<List<FaqMiner.Topic>> topics(List<Question> questions, Instant from, Instant to) {
        Executor back = callerContext();
        return Panache.withSession(repository::articles).chain(articles -> Uni.createFrom()
                .item(() -> miner.topics(
                        questions.stream().map(q -> new FaqMiner.Question(q.ticketId(), q.text(), q.answer(), q.macro(), q.solvedAt())).toList(),
                        articles.stream().map(a -> new FaqMiner.Article(a.id(), a.title(), a.body(), a.url(), a.language(), a.pair())).toList(), from, to))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(back));
    }

    private static Executor callerContext() {
        Context caller = Vertx.currentContext();
        return caller == null ? Runnable::run : task -> caller.runOnContext(ignored -> task.run());
    }

    private static Question redacted(SolvedTicket t) {
        String text = ((t.subject() == null ? "" : t.subject()) + "\n" + (t.question() == null ? "" : t.question())).strip();
        return new Question(t.ticketId(), Redactor.redact(text, t.requesterName()), Redactor.redact(t.answer(), t.requesterName()),
                t.macro(), t.solvedAt());
    }
}

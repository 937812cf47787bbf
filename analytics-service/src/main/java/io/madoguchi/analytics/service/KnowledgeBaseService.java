package io.madoguchi.analytics.service;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executor;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.madoguchi.analytics.repository.KnowledgeBaseRepository;
import io.madoguchi.analytics.repository.KnowledgeBaseRepository.SolvedTicket;
import io.madoguchi.analytics.service.mining.FaqMiner;
import io.madoguchi.analytics.service.mining.TextAnalysis;
import io.madoguchi.analytics.service.privacy.Redactor;
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

    private final KnowledgeBaseRepository repository;
    private final FaqMiner miner = new FaqMiner(new TextAnalysis(), FaqMiner.Settings.DEFAULT);
    private final int maxTickets;

    public KnowledgeBaseService(KnowledgeBaseRepository repository,
            @ConfigProperty(name = "madoguchi.kb.max-tickets", defaultValue = "5000") int maxTickets) {
        this.repository = repository;
        this.maxTickets = maxTickets;
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
    public Uni<List<FaqMiner.Topic>> topics(List<Question> questions, Instant from, Instant to) {
        Context caller = Vertx.currentContext();
        Executor back = caller == null ? Runnable::run : task -> caller.runOnContext(ignored -> task.run());
        return Panache.withSession(repository::articles).chain(articles -> Uni.createFrom()
                .item(() -> miner.topics(
                        questions.stream().map(q -> new FaqMiner.Question(q.ticketId(), q.text(), q.answer(), q.macro(), q.solvedAt())).toList(),
                        articles.stream().map(a -> new FaqMiner.Article(a.id(), a.title(), a.body(), a.url())).toList(), from, to))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(back));
    }

    private static Question redacted(SolvedTicket t) {
        String text = ((t.subject() == null ? "" : t.subject()) + "\n" + (t.question() == null ? "" : t.question())).strip();
        return new Question(t.ticketId(), Redactor.redact(text, t.requesterName()), Redactor.redact(t.answer(), t.requesterName()),
                t.macro(), t.solvedAt());
    }
}

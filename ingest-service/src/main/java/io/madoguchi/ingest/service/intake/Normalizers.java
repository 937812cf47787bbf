package io.madoguchi.ingest.service.intake;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.madoguchi.ingest.domain.Inquiry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * Finds the normalizer of a stored payload by its content type and runs it off the event loop; a parser bug becomes
 * a failure, never a crash.
 */
@ApplicationScoped
public class Normalizers {

    private final Map<String, PayloadNormalizer> byContentType;

    public Normalizers(Instance<PayloadNormalizer> normalizers) {
        this.byContentType = normalizers.stream().collect(Collectors.toUnmodifiableMap(PayloadNormalizer::contentType, Function.identity()));
    }

    public Uni<Outcome> normalize(Inquiry stored) {
        // a multipart payload's type names its boundary: the normalizer is found by the type without parameters
        String type = stored.rawContentType == null ? null : stored.rawContentType.split(";", 2)[0].trim();
        PayloadNormalizer normalizer = type == null ? null : byContentType.get(type);
        if (normalizer == null) {
            return Uni.createFrom().item(new Outcome.Fail("no normalizer for " + stored.rawContentType));
        }
        // parsing is CPU work (a stored mail can be many megabytes): a worker does it, and the outcome comes back on
        // the caller's context, where its database session lives
        Context caller = Vertx.currentContext();
        Uni<Outcome> parsed = Uni.createFrom().deferred(() -> normalizer.normalize(stored))
                .onFailure().recoverWithItem(e -> new Outcome.Fail(describe(e)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return caller == null ? parsed : parsed.emitOn(command -> caller.runOnContext(ignored -> command.run()));
    }

    static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}

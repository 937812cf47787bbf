package io.madoguchi.ingest.service.intake;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.madoguchi.ingest.domain.Inquiry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/** Finds the normalizer of a stored payload by its content type; a parser bug becomes a failure, never a crash. */
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
        try {
            return normalizer.normalize(stored)
                    .onFailure().recoverWithItem(e -> new Outcome.Fail(describe(e)));
        } catch (RuntimeException e) {
            return Uni.createFrom().item(new Outcome.Fail(describe(e)));
        }
    }

    static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}

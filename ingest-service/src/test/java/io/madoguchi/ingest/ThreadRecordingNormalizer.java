package io.madoguchi.ingest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.madoguchi.ingest.domain.Inquiry;
import io.madoguchi.ingest.service.intake.Outcome;
import io.madoguchi.ingest.service.intake.PayloadNormalizer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;

/** A normalizer of a content type only tests store, which notes whether it ran on a Vert.x event loop thread. */
@ApplicationScoped
public class ThreadRecordingNormalizer implements PayloadNormalizer {

    static final String CONTENT_TYPE = "application/x-madoguchi-test-thread";
    static final List<Boolean> ON_EVENT_LOOP = new CopyOnWriteArrayList<>();

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public Uni<Outcome> normalize(Inquiry stored) {
        ON_EVENT_LOOP.add(Context.isOnEventLoopThread());
        return Uni.createFrom().item(new Outcome.Fail("recorded the thread"));
    }
}

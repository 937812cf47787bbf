package io.madoguchi.bench;

import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Many concurrent clients of the JSON API, open loop: requests leave at a fixed rate whether or not earlier ones
 * were answered, and each latency counts from when its request was due, so a stall is not hidden by sending less
 * (no coordinated omission). At most {@code maxOpen} requests are open at once, as clients with connection pools
 * would have; a request waiting for a free slot is late and its lateness counts.
 * <p>
 * The client is Vert.x's on one event loop: the benchmark shares the machine with what it measures, and the JDK's
 * {@code java.net.http} client spent about half a millisecond of CPU per request, more than ingest-service spent
 * accepting it.
 */
final class ApiLoad implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
    private final HttpClient http;
    private final RequestOptions target;
    private final MultiMap headers;
    private final InquiryCorpus corpus;
    private final int maxOpen;
    private final Recorder phaseMicros = new Recorder(3);
    private final Recorder intervalMicros = new Recorder(3);
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong shed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    ApiLoad(String ingestUrl, String apiKey, InquiryCorpus corpus, int maxOpen) {
        URI uri = URI.create(ingestUrl + "/api/v1/inquiries");
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(maxOpen));
        this.target = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost()).setPort(uri.getPort())
                .setURI(uri.getPath()).setIdleTimeout(30_000);
        this.headers = MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.CONTENT_TYPE, "application/json").add("X-Api-Key", apiKey);
        this.corpus = corpus;
        this.maxOpen = maxOpen;
    }

    /** Offers {@code rate} requests a second for {@code seconds}, then waits for the last answers. */
    void run(int rate, int seconds) {
        Semaphore open = new Semaphore(maxOpen);
        int total = rate * seconds;
        CountDownLatch answered = new CountDownLatch(total);
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            open.acquireUninterruptibly();
            Buffer body = Buffer.buffer(corpus.apiBody(corpus.next()));
            http.request(new RequestOptions(target).setHeaders(headers))
                    .compose(request -> request.send(body))
                    .compose(response -> response.end().map(ignored -> response.statusCode()))
                    .onComplete(outcome -> {
                        long micros = (System.nanoTime() - due) / 1000;
                        open.release();
                        if (outcome.succeeded() && outcome.result() == 202) {
                            accepted.incrementAndGet();
                            phaseMicros.recordValue(micros);
                            intervalMicros.recordValue(micros);
                        } else if (outcome.succeeded() && outcome.result() == 503) {
                            shed.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                        answered.countDown();
                    });
        }
        try {
            answered.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Histogram phaseLatency() {
        return phaseMicros.getIntervalHistogram();
    }

    Histogram intervalLatency() {
        return intervalMicros.getIntervalHistogram();
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}

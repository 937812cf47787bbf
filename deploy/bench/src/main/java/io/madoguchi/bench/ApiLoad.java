package io.madoguchi.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Many concurrent clients of the JSON API, open loop: requests leave at a fixed rate whether or not earlier ones
 * were answered, and each latency counts from when its request was due, so a stall is not hidden by sending less
 * (no coordinated omission). At most {@code maxOpen} requests are open at once, as clients with connection pools
 * would have; a request waiting for a free slot is late and its lateness counts.
 */
final class ApiLoad {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final String apiKey;
    private final InquiryCorpus corpus;
    private final int maxOpen;
    private final Recorder phaseMicros = new Recorder(3);
    private final Recorder intervalMicros = new Recorder(3);
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong shed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    ApiLoad(String ingestUrl, String apiKey, InquiryCorpus corpus, int maxOpen) {
        this.uri = URI.create(ingestUrl + "/api/v1/inquiries");
        this.apiKey = apiKey;
        this.corpus = corpus;
        this.maxOpen = maxOpen;
    }

    /** Offers {@code rate} requests a second for {@code seconds}, then waits for the last answers. */
    void run(int rate, int seconds) {
        Semaphore open = new Semaphore(maxOpen);
        int total = rate * seconds;
        long period = 1_000_000_000L / rate;
        List<CompletableFuture<?>> inFlight = new ArrayList<>(total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            open.acquireUninterruptibly();
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("X-Api-Key", apiKey)
                    .POST(HttpRequest.BodyPublishers.ofString(corpus.apiBody(corpus.next()), UTF_8)).build();
            inFlight.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                long micros = (System.nanoTime() - due) / 1000;
                open.release();
                if (error == null && response.statusCode() == 202) {
                    accepted.incrementAndGet();
                    phaseMicros.recordValue(micros);
                    intervalMicros.recordValue(micros);
                } else if (error == null && response.statusCode() == 503) {
                    shed.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    }

    Histogram phaseLatency() {
        return phaseMicros.getIntervalHistogram();
    }

    Histogram intervalLatency() {
        return intervalMicros.getIntervalHistogram();
    }
}

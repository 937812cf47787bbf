package io.madoguchi.ingest.service.delivery;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The HTTP calls of the channel senders (Slack, LINE, chat callbacks): the JDK client with a connect and a request
 * timeout, redirects never followed, each URL checked by {@link OutboundTargets} first. What every channel means alike
 * is classified here: a connection failure or a timeout, a 5xx and a 429 (with its {@code Retry-After}) may pass later,
 * a redirect is refused for good; any other answer is the sender's to read. The answer comes back on the caller's
 * Vert.x context, as the database work that follows needs.
 */
@ApplicationScoped
public class OutboundHttp {

    /** Enough for a page of Slack thread replies; a larger answer is cut here (and then is no valid JSON). */
    static final int MAX_BODY = 4 * 1024 * 1024;

    private final OutboundTargets targets;
    private final ObjectMapper mapper;
    private final Duration timeout;
    private final HttpClient http;

    public OutboundHttp(OutboundTargets targets, ObjectMapper mapper,
            @ConfigProperty(name = "madoguchi.delivery.http.connect-timeout", defaultValue = "PT5S") Duration connectTimeout,
            @ConfigProperty(name = "madoguchi.delivery.http.timeout", defaultValue = "PT15S") Duration timeout) {
        this.targets = targets;
        this.mapper = mapper;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * A channel's answer that is neither a transient failure nor a redirect.
     *
     * @param what names the call in reasons, e.g. {@code Slack chat.postMessage}
     */
    public record Answer(String what, int status, HttpHeaders headers, byte[] body) {

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** @return the body as JSON, or a missing node when it is none */
        public JsonNode json(ObjectMapper mapper) {
            try {
                JsonNode node = mapper.readTree(body);
                return node == null ? mapper.missingNode() : node;
            } catch (IOException e) {
                return mapper.missingNode();
            }
        }

        /** The start of the body on one line, for a reason an agent reads. */
        public String excerpt() {
            String text = new String(body, 0, Math.min(body.length, 600), UTF_8).replaceAll("\\s+", " ").strip();
            return text.length() > 200 ? text.substring(0, 200) + "…" : text;
        }

        /** A refusal for good: "{what} answered {status}: {said}". */
        public SendOutcome.ChannelRefusal refusedForGood(String said) {
            return new SendOutcome.ChannelRefusal(SendOutcome.permanent(what + " answered " + status + (said.isBlank() ? "" : ": " + said)));
        }
    }

    public Uni<Answer> postJson(String what, URI url, Map<String, String> headers, byte[] json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        headers.forEach(request::header);
        return send(what, url, request.build());
    }

    public Uni<Answer> get(String what, URI url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).GET();
        headers.forEach(request::header);
        return send(what, url, request.build());
    }

    public byte[] json(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    private Uni<Answer> send(String what, URI url, HttpRequest request) {
        // the JDK client completes on its own threads, and the target check resolves a name (blocking): what follows
        // must run on the caller's Vert.x context
        Context caller = Vertx.currentContext();
        Executor onCaller = caller == null ? Runnable::run : task -> caller.runOnContext(ignored -> task.run());
        return Uni.createFrom().item(() -> {
                    targets.check(url);
                    return url;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(checked -> Uni.createFrom().completionStage(() -> http.sendAsync(request, info -> upTo(MAX_BODY))))
                .onFailure(IOException.class).transform(e -> transientFailure(what + ": " + e, null))
                .emitOn(onCaller)
                .map(response -> classified(what, response));
    }

    private static Answer classified(String what, HttpResponse<byte[]> response) {
        Answer answer = new Answer(what, response.statusCode(), response.headers(), response.body());
        int status = response.statusCode();
        if (status == 429) {
            throw transientFailure(what + " answered 429 (rate limited)", retryAfter(answer.header("Retry-After"), Instant.now()));
        }
        if (status >= 500) {
            throw transientFailure(what + " answered " + status + (answer.excerpt().isEmpty() ? "" : ": " + answer.excerpt()),
                    retryAfter(answer.header("Retry-After"), Instant.now()));
        }
        if (status >= 300 && status < 400) {
            throw answer.refusedForGood("redirects are not followed; configure the URL it points to");
        }
        return answer;
    }

    static SendOutcome.ChannelRefusal transientFailure(String reason, Duration retryAfter) {
        return new SendOutcome.ChannelRefusal(SendOutcome.transientFailure(reason, retryAfter));
    }

    /** {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(Optional<String> header, Instant now) {
        if (header.isEmpty() || header.get().isBlank()) {
            return null;
        }
        String value = header.get().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** Reads at most {@code limit} bytes of a body, then stops reading (the connection is closed). */
    private static HttpResponse.BodySubscriber<byte[]> upTo(int limit) {
        return new HttpResponse.BodySubscriber<>() {
            private final ByteArrayOutputStream read = new ByteArrayOutputStream();
            private final CompletableFuture<byte[]> body = new CompletableFuture<>();
            private Flow.Subscription subscription;

            @Override
            public CompletionStage<byte[]> getBody() {
                return body;
            }

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                subscription.request(1);
            }

            @Override
            public void onNext(List<ByteBuffer> buffers) {
                for (ByteBuffer buffer : buffers) {
                    int take = Math.min(buffer.remaining(), limit - read.size());
                    byte[] bytes = new byte[take];
                    buffer.get(bytes);
                    read.write(bytes, 0, take);
                }
                if (read.size() >= limit) {
                    subscription.cancel();
                    body.complete(read.toByteArray());
                } else {
                    subscription.request(1);
                }
            }

            @Override
            public void onError(Throwable failure) {
                body.completeExceptionally(failure);
            }

            @Override
            public void onComplete() {
                body.complete(read.toByteArray());
            }
        };
    }
}

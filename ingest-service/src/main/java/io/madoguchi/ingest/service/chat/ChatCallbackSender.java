package io.madoguchi.ingest.service.chat;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.madoguchi.ingest.domain.Delivery;
import io.madoguchi.ingest.service.delivery.ChannelSender;
import io.madoguchi.ingest.service.delivery.OutboundHttp;
import io.madoguchi.ingest.service.delivery.OutboundTargets;
import io.madoguchi.ingest.service.delivery.SendOutcome;
import io.madoguchi.ingest.service.verify.MadoguchiSignature;
import io.madoguchi.ingest.service.verify.SourceSecrets;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Delivers replies to the chat widget or chatbot the conversation came from: a {@code POST} to the source's callback
 * URL ({@code madoguchi.chat.callback-urls}), signed like the source's own webhooks to us ({@code X-Madoguchi-Signature}
 * with the source's secret), with the delivery id as {@code Idempotency-Key}. The body is the same on every attempt.
 */
@ApplicationScoped
public class ChatCallbackSender implements ChannelSender {

    private static final Logger LOG = Logger.getLogger(ChatCallbackSender.class);

    private final Map<String, URI> callbacks = new HashMap<>();
    private final SourceSecrets secrets;
    private final MadoguchiSignature signature;
    private final OutboundHttp http;
    private final OutboundTargets targets;

    public ChatCallbackSender(@ConfigProperty(name = "madoguchi.chat.callback-urls") Optional<List<String>> callbackUrls,
            @ConfigProperty(name = "madoguchi.chat.secrets") Optional<List<String>> secrets, Clock clock, OutboundHttp http,
            OutboundTargets targets) {
        for (String pair : callbackUrls.orElse(List.of())) {
            String[] sourceAndUrl = pair.split("=", 2);
            try {
                if (sourceAndUrl.length != 2 || sourceAndUrl[0].isBlank()) {
                    throw new URISyntaxException(pair, "not source=url");
                }
                callbacks.put(sourceAndUrl[0].trim(), new URI(sourceAndUrl[1].trim()));
            } catch (URISyntaxException e) {
                // the pair may hold credentials: name only its position
                LOG.warnf("madoguchi.chat.callback-urls: entry %d is not source=url; ignored", callbackUrls.get().indexOf(pair) + 1);
            }
        }
        this.secrets = new SourceSecrets(secrets);
        this.signature = new MadoguchiSignature(clock);
        this.http = http;
        this.targets = targets;
    }

    void warnAtStartup(@Observes StartupEvent started) {
        callbacks.forEach((source, url) -> {
            targets.warnIfRefused("madoguchi.chat.callback-urls (" + source + ")", url.toString());
            if (secrets.of(source).isEmpty()) {
                LOG.warnf("madoguchi.chat.callback-urls (%s): the source has no secret in MADOGUCHI_CHAT_SECRETS; its replies will fail", source);
            }
        });
    }

    @Override
    public String channel() {
        return "chat";
    }

    @Override
    public String off() {
        return callbacks.isEmpty() ? "chat replies are off (MADOGUCHI_CHAT_CALLBACK_URLS is not set)" : null;
    }

    @Override
    public String off(String recipient) {
        String source = source(recipient);
        if (off() != null) {
            return off();
        }
        if (!callbacks.containsKey(source)) {
            return "the chat source " + source + " has no callback URL (MADOGUCHI_CHAT_CALLBACK_URLS)";
        }
        return secrets.of(source).isEmpty() ? "the chat source " + source + " has no secret to sign with (MADOGUCHI_CHAT_SECRETS)" : null;
    }

    @Override
    public Uni<String> send(Delivery delivery) {
        String source = source(delivery.recipient);
        String off = source.length() == delivery.recipient.length()
                ? "the recipient " + delivery.recipient + " names no chat source and conversation" : off(delivery.recipient);
        if (off != null) {
            return Uni.createFrom().failure(new SendOutcome.ChannelRefusal(SendOutcome.permanent(off)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deliveryId", delivery.id.toString());
        body.put("ticketId", delivery.ticketId);
        body.put("conversationId", delivery.recipient.substring(source.length() + 1));
        body.put("kind", delivery.kind.label());
        body.put("text", delivery.body);
        // when the reply was written, not when this attempt happens: a retry sends the same bytes
        body.put("sentAt", (delivery.createdAt != null ? delivery.createdAt : Instant.now()).toString());
        byte[] json = http.json(body);
        Map<String, String> headers = Map.of("Idempotency-Key", delivery.id.toString(),
                MadoguchiSignature.HEADER, signature.sign(json, secrets.of(source).orElseThrow()));
        return http.postJson("the chat callback of " + source, callbacks.get(source), headers, json).map(answer -> {
            // 409: an earlier attempt of ours was accepted under this Idempotency-Key
            if (answer.status() / 100 == 2 || answer.status() == 409) {
                JsonNode id = answer.json(http.mapper()).path("id");
                return id.isTextual() || id.isNumber() ? cut(id.asText()) : delivery.id.toString();
            }
            throw answer.refusedForGood(answer.excerpt());
        });
    }

    /** {@code <source>/<conversation>}, as DeliveryAddresses wrote it. */
    private static String source(String recipient) {
        int slash = recipient.indexOf('/');
        return slash < 0 ? recipient : recipient.substring(0, slash);
    }

    private static String cut(String reference) {
        return reference.length() <= 200 ? reference : reference.substring(0, 200);
    }
}

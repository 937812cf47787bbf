package io.madoguchi.ingest.service.slack;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.inject.Singleton;

/** The Slack app's settings; the adapter is off (404) until a signing secret is set. */
// a singleton, not a client proxy: the adapter reads its fields directly
@Singleton
public class SlackSettings {

    final Optional<String> signingSecret;
    final Optional<String> botToken;
    final String apiUrl;
    final Set<String> supportChannels;
    final String reaction;
    final Optional<String> botUserId;

    public SlackSettings(
            @ConfigProperty(name = "madoguchi.slack.signing-secret") Optional<String> signingSecret,
            @ConfigProperty(name = "madoguchi.slack.bot-token") Optional<String> botToken,
            @ConfigProperty(name = "madoguchi.slack.api-url", defaultValue = "https://slack.com/api") String apiUrl,
            @ConfigProperty(name = "madoguchi.slack.support-channels") Optional<List<String>> supportChannels,
            @ConfigProperty(name = "madoguchi.slack.reaction", defaultValue = "ticket") String reaction,
            @ConfigProperty(name = "madoguchi.slack.bot-user-id") Optional<String> botUserId) {
        this.signingSecret = signingSecret.filter(s -> !s.isBlank());
        this.botToken = botToken.filter(s -> !s.isBlank());
        this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        this.supportChannels = Set.copyOf(supportChannels.orElse(List.of()));
        this.reaction = reaction;
        this.botUserId = botUserId.filter(s -> !s.isBlank());
    }

    public Optional<String> signingSecret() {
        return signingSecret;
    }
}

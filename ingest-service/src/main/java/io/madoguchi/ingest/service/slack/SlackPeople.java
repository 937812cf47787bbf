package io.madoguchi.ingest.service.slack;

import java.time.Duration;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.madoguchi.ingest.events.InquiryReceived.Requester;
import io.madoguchi.ingest.service.intake.Normalized;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who a Slack user is, for the requester of their inquiries: the display name (else the real name) and, where the app
 * has {@code users:read.email}, the e-mail address, from {@code users.info}, kept in a bounded cache so a busy
 * channel does not ask Slack for every message. A person Slack cannot tell us about (unknown user, Web API down) is
 * left as the user id: the inquiry is never held back for a name.
 */
@ApplicationScoped
public class SlackPeople {

    private static final Logger LOG = Logger.getLogger(SlackPeople.class);

    /** What we know of a user; both null when Slack could not say. */
    public record Person(String displayName, String email) {

        static final Person UNKNOWN = new Person(null, null);
    }

    private final SlackWebApi web;
    private final SlackSettings settings;
    private final Cache<String, Person> known;

    public SlackPeople(SlackWebApi web, SlackSettings settings,
            @ConfigProperty(name = "madoguchi.slack.people-cache-size", defaultValue = "10000") long size,
            @ConfigProperty(name = "madoguchi.slack.people-cache-ttl", defaultValue = "PT12H") Duration ttl) {
        this.web = web;
        this.settings = settings;
        this.known = Caffeine.newBuilder().maximumSize(size).expireAfterWrite(ttl).build();
    }

    /** Whether the requester's name can be added without asking Slack: known already, or no way to ask. */
    public boolean canNameWithoutAsking(Normalized inquiry) {
        String user = requesterId(inquiry);
        return user == null || settings.botToken.isEmpty() || known.getIfPresent(user) != null;
    }

    /** The inquiry with its requester's name and e-mail as far as the cache knows them. */
    public Normalized namedFromCache(Normalized inquiry) {
        String user = requesterId(inquiry);
        return user == null ? inquiry : named(inquiry, Optional.ofNullable(known.getIfPresent(user)).orElse(Person.UNKNOWN));
    }

    /** The inquiry with its requester's name and e-mail, asking Slack when the cache does not know them. */
    public Uni<Normalized> named(Normalized inquiry) {
        String user = requesterId(inquiry);
        if (user == null || settings.botToken.isEmpty()) {
            return Uni.createFrom().item(inquiry);
        }
        Person cached = known.getIfPresent(user);
        if (cached != null) {
            return Uni.createFrom().item(named(inquiry, cached));
        }
        return web.user(user.substring(user.indexOf('/') + 1))
                .map(found -> {
                    Person person = person(found);
                    known.put(user, person);
                    return person;
                })
                .onFailure(SlackWebApi.Refused.class).recoverWithItem(e -> {
                    // users_not_found, missing_scope: asking again will not help for a while
                    known.put(user, Person.UNKNOWN);
                    LOG.debugf("Slack could not tell who %s is: %s", user, e.getMessage());
                    return Person.UNKNOWN;
                })
                .onFailure(SlackWebApi.Unavailable.class).recoverWithItem(e -> Person.UNKNOWN)
                .map(person -> named(inquiry, person));
    }

    private static Person person(JsonNode user) {
        JsonNode profile = user.path("profile");
        String name = firstNonBlank(profile.path("display_name").asText(null), profile.path("real_name").asText(null),
                user.path("real_name").asText(null), user.path("name").asText(null));
        String email = profile.path("email").asText(null);
        return new Person(name, email == null || email.isBlank() ? null : email);
    }

    private static Normalized named(Normalized inquiry, Person person) {
        Requester r = inquiry.requester();
        if (person.displayName() == null && person.email() == null) {
            return inquiry;
        }
        Requester named = new Requester(r.channelUserId(), person.email(), person.displayName(), r.phone());
        return new Normalized(inquiry.channelMessageId(), inquiry.conversationKey(), inquiry.threadRefs(), named,
                inquiry.recipients(), inquiry.subject(), inquiry.body(), inquiry.attachments(), inquiry.metadata());
    }

    /** {@code <team>/<user>}: the cache's key; Slack's user id is the part after the team. */
    private static String requesterId(Normalized inquiry) {
        return inquiry.requester() == null ? null : inquiry.requester().channelUserId();
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}

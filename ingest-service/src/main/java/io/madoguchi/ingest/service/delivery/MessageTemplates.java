package io.madoguchi.ingest.service.delivery;

import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The messages Madoguchi writes on its own: the acknowledgement of a new ticket and the satisfaction survey, a
 * subject and a body per language ({@code madoguchi.templates.<acknowledgement|survey>.<language>.subject|body};
 * ja and en are shipped in application.properties, another language is one more pair). Placeholders:
 * {@code {ticket}} (T-123), {@code {subject}}, {@code {name}}, and in the survey {@code {good}}, {@code {bad}} and
 * {@code {page}}, its links.
 */
@ConfigMapping(prefix = "madoguchi.templates")
public interface MessageTemplates {

    Map<String, Text> acknowledgement();

    Map<String, Text> survey();

    /** For a requester whose language has no template. */
    @WithDefault("ja")
    String defaultLanguage();

    interface Text {
        String subject();

        String body();

        /** Fills the placeholders; a null value leaves nothing. */
        default Text with(Map<String, String> values) {
            String subject = subject();
            String body = body();
            for (Map.Entry<String, String> value : values.entrySet()) {
                String filler = value.getValue() == null ? "" : value.getValue();
                subject = subject.replace("{" + value.getKey() + "}", filler);
                body = body.replace("{" + value.getKey() + "}", filler);
            }
            // a subject placeholder left empty (a Slack or LINE ticket has no subject) leaves no dangling separator
            return new Filled(subject.replaceAll("[\\s:：]+$", ""), body);
        }
    }

    record Filled(String subject, String body) implements Text {
    }

    /** The text in the requester's language, else the default language's, else English. */
    static Text in(Map<String, Text> languages, String language, String defaultLanguage) {
        for (String candidate : List.of(language == null ? "" : language, defaultLanguage, "en")) {
            Text text = languages.get(candidate);
            if (text != null) {
                return text;
            }
        }
        return languages.values().iterator().next();
    }
}

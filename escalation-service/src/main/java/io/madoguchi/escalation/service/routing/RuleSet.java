package io.madoguchi.escalation.service.routing;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The routing rules as an admin writes them (JSON or YAML): tried in order, the first whose conditions all hold
 * wins; the last must have no conditions, so every ticket is routed. {@code segments} names customer segments
 * by the requester's e-mail domain, for rules on segments.
 */
// what GET adds to a saved version, so a document read can be sent back as it is
@JsonIgnoreProperties({ "version", "savedBy", "savedAt" })
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RuleSet(List<Rule> rules, Map<String, List<String>> segments) {

    public RuleSet {
        rules = rules == null ? List.of() : rules;
        segments = segments == null ? Map.of() : segments;
    }

    /** Every condition given must hold; a list holds when any of its entries does. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Conditions(
            List<String> channels,
            List<String> keywords,
            List<String> patterns,
            List<String> tags,
            List<String> segments,
            List<String> priorities,
            List<String> languages,
            Boolean businessHours) {

        public static final Conditions NONE = new Conditions(null, null, null, null, null, null, null, null);

        public Conditions {
            channels = orEmpty(channels);
            keywords = orEmpty(keywords);
            patterns = orEmpty(patterns);
            tags = orEmpty(tags);
            segments = orEmpty(segments);
            priorities = orEmpty(priorities);
            languages = orEmpty(languages);
        }

        boolean isEmpty() {
            return channels.isEmpty() && keywords.isEmpty() && patterns.isEmpty() && tags.isEmpty() && segments.isEmpty()
                    && priorities.isEmpty() && languages.isEmpty() && businessHours == null;
        }

        private static List<String> orEmpty(List<String> list) {
            return list == null ? List.of() : list;
        }
    }

    /** Where a matching ticket goes: a queue, and optionally a priority and tags to add. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Target(String queue, String priority, List<String> tags) {
        public Target {
            tags = tags == null ? List.of() : tags;
        }
    }

    public record Rule(String name, Conditions when, Target then) {
        public Rule {
            when = when == null ? Conditions.NONE : when;
        }
    }
}

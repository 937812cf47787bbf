package io.madoguchi.escalation.service.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.madoguchi.escalation.service.calendar.BusinessCalendar;

class RoutingRulesTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final Instant WEDNESDAY_NOON = LocalDateTime.parse("2026-11-25T12:00").atZone(TOKYO).toInstant();
    private static final Instant WEDNESDAY_NIGHT = LocalDateTime.parse("2026-11-25T23:00").atZone(TOKYO).toInstant();

    /** As an admin would import it. */
    static final String YAML = """
            segments:
              enterprise: [bigcorp.co.jp, megacorp.com]
            rules:
              - name: outage-at-night
                when: {patterns: ["(?i)\\\\b(down|outage|500 error)\\\\b", "障害|落ちて"], businessHours: false}
                then: {queue: dev-oncall, priority: urgent, tags: [outage]}
              - name: enterprise
                when: {segments: [enterprise]}
                then: {queue: success}
              - name: billing-ja
                when: {keywords: [請求書, インボイス, invoice], languages: [ja]}
                then: {queue: billing, tags: [billing]}
              - name: vip-tag
                when: {tags: [vip], channels: [email, slack]}
                then: {queue: success, priority: high}
              - name: urgent
                when: {priorities: [urgent]}
                then: {queue: tier2}
              - name: default
                then: {queue: tier1}
            """;

    private final RoutingRules rules = new RoutingRules(7, read(YAML), officeHours());

    static RuleSet read(String yaml) {
        try {
            return new ObjectMapper(new YAMLFactory()).readValue(yaml, RuleSet.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static BusinessCalendar officeHours() {
        Map<DayOfWeek, List<BusinessCalendar.Hours>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            week.put(day, List.of(new BusinessCalendar.Hours(LocalTime.of(9, 0), LocalTime.of(18, 0))));
        }
        return new BusinessCalendar(TOKYO, week, true, Set.of());
    }

    private String route(String channel, String subject, String body, List<String> tags, String priority, String email, Instant at) {
        RoutingRules.Match match = rules.match(new TicketFacts(channel, subject, body, tags, priority, email, at));
        assertEquals(7, match.version());
        return match.rule() + "->" + match.target().queue();
    }

    @Test
    void theYamlImportIsAValidRuleSet() {
        assertTrue(RuleSetValidator.validate(read(YAML)).isEmpty(), RuleSetValidator.validate(read(YAML)).toString());
    }

    @Test
    void theFirstMatchingRuleWinsAndTheDefaultCatchesTheRest() {
        // an enterprise customer writing about an invoice in Japanese: "enterprise" comes before "billing-ja"
        assertEquals("enterprise->success", route("email", "請求書", "請求書が届きません", List.of(), "normal", "taro@jp.bigcorp.co.jp", WEDNESDAY_NOON));
        assertEquals("billing-ja->billing", route("email", "請求書", "請求書が届きません", List.of(), "normal", "hanako@example.jp", WEDNESDAY_NOON));
        assertEquals("default->tier1", route("email", "Password", "I forgot my password", List.of(), "normal", "bob@example.com", WEDNESDAY_NOON));
        assertEquals("urgent->tier2", route("api", "Help", "help", List.of(), "urgent", null, WEDNESDAY_NOON));
    }

    @Test
    void keywordsIgnoreCaseAndWidthButNeedTheirLanguage() {
        assertEquals("billing-ja->billing", route("form", null, "ｲﾝﾎﾞｲｽの宛名を変えたい", List.of(), "normal", null, WEDNESDAY_NOON));
        assertEquals("billing-ja->billing", route("form", "ＩＮＶＯＩＣＥ", "宛名", List.of(), "normal", null, WEDNESDAY_NOON));
        // the keyword is there but the text is English: languages: [ja] does not hold
        assertEquals("default->tier1", route("form", "Invoice", "Where is my invoice?", List.of(), "normal", null, WEDNESDAY_NOON));
    }

    @Test
    void patternsAndBusinessHours() {
        assertEquals("outage-at-night->dev-oncall", route("slack", null, "The API is down again", List.of(), "normal", null, WEDNESDAY_NIGHT));
        assertEquals("outage-at-night->dev-oncall", route("email", "サイトが落ちています", "", List.of(), "normal", null, WEDNESDAY_NIGHT));
        assertEquals("default->tier1", route("slack", null, "The API is down again", List.of(), "normal", null, WEDNESDAY_NOON));
        assertEquals("default->tier1", route("slack", null, "downtime window next week?", List.of(), "normal", null, WEDNESDAY_NIGHT));
    }

    @Test
    void tagsAndChannelsTogether() {
        assertEquals("vip-tag->success", route("slack", "hi", "hi", List.of("vip"), "normal", null, WEDNESDAY_NOON));
        assertEquals("default->tier1", route("line", "hi", "hi", List.of("vip"), "normal", null, WEDNESDAY_NOON));
        RoutingRules.Match vip = rules.match(new TicketFacts("email", "hi", "hi", List.of("vip"), "normal", null, WEDNESDAY_NOON));
        assertEquals("high", vip.target().priority());
        assertEquals(3, vip.position());
    }
}

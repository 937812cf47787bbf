package io.madoguchi.analytics.service.mining;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Assembles a help-article draft from the tickets behind an FAQ candidate: per language the cluster holds, a title and
 * the question in the customers' own words (its most central questions), and an answer built from the agents' answers,
 * the one given most often first. Everything comes from redacted text; the Markdown holds no raw HTML.
 */
public final class ArticleDrafts {

    /** @param languages ja and/or en, the one more of its questions are in first */
    public record Draft(String title, List<String> languages, String markdown, List<Long> ticketIds) {
    }

    private static final Pattern JAPANESE = Pattern.compile("[\\p{IsHiragana}\\p{IsKatakana}\\p{IsHan}]");
    private static final int QUESTIONS = 3;
    private static final int OTHER_ANSWERS = 3;
    private static final int TITLE_LENGTH = 100;

    private static final Map<String, Map<String, String>> HEADINGS = Map.of(
            "ja", Map.of("language", "日本語", "question", "お客様の言葉での質問", "answer", "回答",
                    "other", "ほかに担当者が伝えた回答", "none", "（まだ担当者の公開回答がありません）"),
            "en", Map.of("language", "English", "question", "The question, in customers' words", "answer", "Answer",
                    "other", "Other answers agents gave", "none", "(no public answer from an agent yet)"));

    private ArticleDrafts() {
    }

    /** @param byCloseness the candidate's questions, the one closest to its centre first */
    public static Draft assemble(long candidateId, List<String> label, List<FaqMiner.Question> byCloseness) {
        Map<String, List<FaqMiner.Question>> byLanguage = byCloseness.stream()
                .collect(Collectors.groupingBy(q -> language(q.text()), LinkedHashMap::new, Collectors.toList()));
        List<String> languages = byLanguage.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, List<FaqMiner.Question>> e) -> -e.getValue().size())
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).toList();
        List<Long> tickets = byCloseness.stream().map(FaqMiner.Question::ticketId).sorted().toList();
        String title = title(byLanguage.get(languages.get(0)).get(0).text());

        StringBuilder md = new StringBuilder();
        md.append("# ").append(inline(title)).append("\n\n");
        md.append("<!-- Draft from FAQ candidate ").append(candidateId).append(" (").append(String.join(" · ", label).replace("--", "- -"))
                .append("): edit before publishing. -->\n\n");
        for (String language : languages) {
            section(md, language, byLanguage.get(language));
        }
        md.append("## Sources\n\n").append(tickets.size()).append(" tickets: ")
                .append(tickets.stream().map(t -> "#" + t).collect(Collectors.joining(", "))).append('\n');
        return new Draft(title, languages, md.toString(), tickets);
    }

    static String language(String text) {
        return JAPANESE.matcher(text).find() ? "ja" : "en";
    }

    private static void section(StringBuilder md, String language, List<FaqMiner.Question> questions) {
        Map<String, String> h = HEADINGS.get(language);
        md.append("## ").append(h.get("language")).append("\n\n");
        md.append("**").append(inline(title(questions.get(0).text()))).append("**\n\n");
        md.append("### ").append(h.get("question")).append("\n\n");
        questions.stream().limit(QUESTIONS).forEach(q -> md.append(quote(q.text())).append("\n\n"));
        md.append("### ").append(h.get("answer")).append("\n\n");
        List<String> answers = rankedAnswers(questions);
        if (answers.isEmpty()) {
            md.append(h.get("none")).append("\n\n");
            return;
        }
        md.append(escape(answers.get(0))).append("\n\n");
        if (answers.size() > 1) {
            md.append("#### ").append(h.get("other")).append("\n\n");
            answers.stream().skip(1).limit(OTHER_ANSWERS).forEach(a -> md.append("- ").append(inline(a)).append('\n'));
            md.append('\n');
        }
    }

    /** The distinct answers, the one given to most tickets first; a tie goes to the answer of the more central ticket. */
    private static List<String> rankedAnswers(List<FaqMiner.Question> questions) {
        Map<String, Long> counts = questions.stream().map(FaqMiner.Question::answer).filter(Objects::nonNull).map(String::strip)
                .filter(a -> !a.isEmpty()).collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
        List<String> ranked = new ArrayList<>(counts.keySet());
        ranked.sort(Comparator.comparingLong((String a) -> -counts.get(a)));
        return ranked;
    }

    /** The first sentence of the question, or of its subject line when that says more than a word or two; shortened. */
    static String title(String text) {
        String[] lines = text.strip().split("\\R+", 2);
        String subject = lines[0].strip();
        String source = lines.length > 1 && subject.codePointCount(0, subject.length()) < 12 ? lines[1].strip() : subject;
        String sentence = source.split("(?<=[。？！?!])|(?<=\\.)\\s", 2)[0].strip();
        return sentence.codePointCount(0, sentence.length()) <= TITLE_LENGTH ? sentence
                : sentence.substring(0, sentence.offsetByCodePoints(0, TITLE_LENGTH - 1)) + "…";
    }

    private static String quote(String text) {
        return text.strip().lines().map(line -> "> " + escape(line)).collect(Collectors.joining("\n>\n"));
    }

    private static String inline(String text) {
        return escape(text.strip().replaceAll("\\s+", " "));
    }

    /** Customers' and agents' text as Markdown text: no raw HTML, no headings or lists sneaked in at a line's start. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replaceAll("(?m)^(\\s*)([#>*+\\-]|\\d+\\.)", "$1\\\\$2");
    }
}

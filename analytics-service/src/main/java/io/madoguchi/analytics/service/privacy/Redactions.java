package io.madoguchi.analytics.service.privacy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The personal data found so far in one text. Each finder looks at {@link #text()}, where what earlier finders took is
 * blanked out (same length, so offsets stay valid, line breaks kept), and a span that overlaps one already taken is
 * refused: the order the finders run in decides who wins.
 */
final class Redactions {

    /** Characters {@code [start, end)} of the text are replaced by {@code placeholder}. */
    record Span(int start, int end, String placeholder) {
    }

    private final String original;
    private final char[] visible;
    private final List<Span> spans = new ArrayList<>();

    Redactions(String text) {
        this.original = text;
        this.visible = text.toCharArray();
    }

    String text() {
        return new String(visible);
    }

    /** Takes {@code [start, end)} without its surrounding whitespace; false when that is empty or overlaps a span already taken. */
    boolean take(int start, int end, String placeholder) {
        while (start < end && Character.isWhitespace(original.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(original.charAt(end - 1))) {
            end--;
        }
        if (start >= end || !isFree(start, end)) {
            return false;
        }
        spans.add(new Span(start, end, placeholder));
        for (int i = start; i < end; i++) {
            if (visible[i] != '\n') {
                visible[i] = ' ';
            }
        }
        return true;
    }

    boolean isFree(int start, int end) {
        return spans.stream().noneMatch(s -> s.start() < end && start < s.end());
    }

    List<Span> spans() {
        return spans.stream().sorted(Comparator.comparingInt(Span::start)).toList();
    }

    String redacted() {
        StringBuilder out = new StringBuilder(original.length());
        int at = 0;
        for (Span s : spans()) {
            out.append(original, at, s.start()).append(s.placeholder());
            at = s.end();
        }
        return out.append(original, at, original.length()).toString();
    }
}

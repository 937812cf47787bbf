package io.madoguchi.ingest.service.slack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slack's message markup as a person reads it: mentions ({@code <@U1|sato>}, {@code <!subteam^S1|@billing>},
 * {@code <!here>}), channels ({@code <#C1|general>}), links ({@code <https://x|label>}, {@code <mailto:a@b|a@b>}) and
 * dates ({@code <!date^…|Feb 18>}) become their labels; without a label, the id with its sigil. Slack escapes
 * {@code &}, {@code <} and {@code >} in the text around them.
 */
final class SlackMarkup {

    private static final Pattern ENTITY = Pattern.compile("<([^<>]*)>");

    private SlackMarkup() {
    }

    static String readable(String text) {
        if (text == null) {
            return "";
        }
        Matcher m = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(entity(m.group(1))));
        }
        m.appendTail(out);
        return out.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String entity(String inner) {
        int bar = inner.indexOf('|');
        String target = bar < 0 ? inner : inner.substring(0, bar);
        String label = bar < 0 ? null : inner.substring(bar + 1);
        if (target.startsWith("@")) {
            return "@" + (label != null ? strip(label, '@') : target.substring(1));
        }
        if (target.startsWith("#")) {
            return "#" + (label != null ? strip(label, '#') : target.substring(1));
        }
        if (target.startsWith("!")) {
            String special = target.substring(1);
            if (special.startsWith("subteam^")) {
                return "@" + (label != null ? strip(label, '@') : special.substring("subteam^".length()));
            }
            if (special.startsWith("date^")) {
                return label != null ? label : special;
            }
            return "@" + (label != null ? strip(label, '@') : special);
        }
        if (target.startsWith("mailto:")) {
            return label != null ? label : target.substring("mailto:".length());
        }
        return label != null && !label.equals(target) ? label + " (" + target + ")" : target;
    }

    private static String strip(String label, char sigil) {
        return label.length() > 1 && label.charAt(0) == sigil ? label.substring(1) : label;
    }
}

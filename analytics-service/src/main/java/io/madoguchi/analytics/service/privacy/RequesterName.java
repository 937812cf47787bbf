package io.madoguchi.analytics.service.privacy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requester's known name: whole, without spaces (山田花子 for 山田 花子) and each part of two or more characters
 * ("Hanako Yamada": also "Hanako", "Yamada"), ignoring case; Latin parts only as whole words.
 */
final class RequesterName {

    private RequesterName() {
    }

    static void find(Redactions found, String name) {
        if (name == null || name.isBlank()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        parts.add(name.strip());
        String[] split = name.strip().split("[\\s\u3000・,]+");
        // Japanese names are often written without the space the profile has: 山田 花子 as 山田花子
        parts.add(String.join("", split));
        for (String part : split) {
            if (part.codePointCount(0, part.length()) >= 2) {
                parts.add(part);
            }
        }
        parts.sort(Comparator.comparingInt(String::length).reversed());
        for (String part : parts) {
            boolean latin = part.chars().allMatch(c -> c < 0x3000);
            String boundary = latin ? "(?<![\\p{L}\\p{N}])" : "";
            String end = latin ? "(?![\\p{L}\\p{N}])" : "";
            Matcher m = Pattern.compile(boundary + Pattern.quote(part) + end, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                    .matcher(found.text());
            while (m.find()) {
                found.take(m.start(), m.end(), Redactor.NAME);
            }
        }
    }
}

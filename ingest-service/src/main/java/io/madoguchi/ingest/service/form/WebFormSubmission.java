package io.madoguchi.ingest.service.form;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.madoguchi.ingest.domain.Inquiry;
import io.madoguchi.ingest.events.InquiryReceived.Requester;
import io.madoguchi.ingest.service.intake.Normalized;
import io.madoguchi.ingest.service.intake.Outcome;
import io.madoguchi.ingest.service.intake.PayloadNormalizer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The public web form's fields, checked and normalized. The raw payload is the urlencoded body. */
@ApplicationScoped
public class WebFormSubmission implements PayloadNormalizer {

    public static final String CONTENT_TYPE = "application/x-www-form-urlencoded";
    /** Hidden from people by CSS; bots fill it in. */
    public static final String HONEYPOT = "website";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Set<String> FIELDS = Set.of("name", "email", "subject", "message", HONEYPOT);

    public record Checked(Map<String, String> fields, List<String> errors, boolean honeypot) {
    }

    public Checked check(byte[] body) {
        Map<String, String> fields = parse(body);
        List<String> errors = new ArrayList<>();
        String name = fields.getOrDefault("name", "").trim();
        String email = fields.getOrDefault("email", "").trim();
        String message = fields.getOrDefault("message", "").trim();
        String subject = fields.getOrDefault("subject", "").trim();
        if (email.isEmpty() || email.length() > 320 || !EMAIL.matcher(email).matches()) {
            errors.add("email: a valid e-mail address is required / 有効なメールアドレスを入力してください");
        }
        if (blank(message)) {
            errors.add("message: please write your question / お問い合わせ内容を入力してください");
        } else if (message.length() > 10_000) {
            errors.add("message: at most 10,000 characters / 10,000文字以内で入力してください");
        }
        if (name.length() > 256) {
            errors.add("name: at most 256 characters / 256文字以内で入力してください");
        }
        if (subject.length() > 200) {
            errors.add("subject: at most 200 characters / 200文字以内で入力してください");
        }
        return new Checked(fields, errors, !fields.getOrDefault(HONEYPOT, "").isBlank());
    }

    public Normalized normalize(Map<String, String> fields) {
        String email = fields.getOrDefault("email", "").trim().toLowerCase(java.util.Locale.ROOT);
        String name = blankToNull(fields.get("name"));
        return new Normalized(null, null, null, new Requester(email, email, name, null), List.of(),
                blankToNull(fields.get("subject")), fields.getOrDefault("message", "").trim(), List.of(), Map.of());
    }

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public Uni<Outcome> normalize(Inquiry stored) {
        Checked checked = check(stored.rawPayload);
        return Uni.createFrom().item(checked.errors().isEmpty()
                ? new Outcome.Publish(normalize(checked.fields()))
                : new Outcome.Fail(String.join("; ", checked.errors())));
    }

    /**
     * The form's own fields, the first of each name. The body is walked rather than split, and only those fields are
     * decoded: splitting a 1 MB body of a hundred thousand fields takes about 100 times its size in memory.
     */
    private static Map<String, String> parse(byte[] body) {
        Map<String, String> fields = new HashMap<>();
        for (int start = 0, end; start < body.length; start = end + 1) {
            end = indexOf(body, '&', start, body.length);
            int equals = indexOf(body, '=', start, end);
            // a known name is at most 7 characters, 21 bytes when each is %-escaped
            if (start == end || equals - start > 21) {
                continue;
            }
            try {
                String name = decode(body, start, equals);
                if (FIELDS.contains(name) && !fields.containsKey(name)) {
                    fields.put(name, equals < end ? decode(body, equals + 1, end) : "");
                }
            } catch (IllegalArgumentException e) {
                // a broken %-escape: treat the field as absent, the checks will say what is missing
            }
        }
        return fields;
    }

    private static int indexOf(byte[] bytes, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == c) {
                return i;
            }
        }
        return to;
    }

    private static String decode(byte[] body, int from, int to) {
        return URLDecoder.decode(new String(body, from, to - from, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    /** No visible character: trim() leaves the ideographic space a Japanese keyboard types, no-break and zero-width spaces and DEL. */
    private static boolean blank(String text) {
        return text.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

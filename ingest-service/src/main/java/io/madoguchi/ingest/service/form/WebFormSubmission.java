package io.madoguchi.ingest.service.form;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        if (message.isEmpty()) {
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

    private static Map<String, String> parse(byte[] body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            try {
                fields.putIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            } catch (IllegalArgumentException e) {
                // a broken %-escape: treat the field as absent, the checks will say what is missing
            }
        }
        return fields;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

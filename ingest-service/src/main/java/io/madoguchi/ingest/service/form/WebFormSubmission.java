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
import io.madoguchi.ingest.service.intake.Normalized.AttachmentData;
import io.madoguchi.ingest.service.intake.Outcome;
import io.madoguchi.ingest.service.intake.PayloadNormalizer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The public web form's fields and attachments, checked and normalized. The raw payload is the body as posted:
 * urlencoded, or multipart/form-data when the visitor attached files (the page always posts that).
 */
@ApplicationScoped
public class WebFormSubmission implements PayloadNormalizer {

    public static final String CONTENT_TYPE = "application/x-www-form-urlencoded";
    /** Hidden from people by CSS; bots fill it in. */
    public static final String HONEYPOT = "website";
    /** The signed time the page was served ({@link FillTimeTokens}). */
    public static final String STARTED = "started";
    /** The file inputs' name. */
    public static final String ATTACHMENT = "attachment";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Set<String> FIELDS = Set.of("name", "email", "subject", "message", HONEYPOT, "lang", STARTED);

    /** What to correct, in both languages the form speaks. */
    public record FormError(String field, String en, String ja) {
        @Override
        public String toString() {
            return field + ": " + en + " / " + ja;
        }
    }

    /** {@code filesSent}: the visitor chose files, accepted or not (a page sent back must ask for them again). */
    public record Checked(Map<String, String> fields, List<FormError> problems, boolean honeypot, List<AttachmentData> attachments,
            boolean filesSent) {
        /** Each problem in both languages. */
        public List<String> errors() {
            return problems.stream().map(FormError::toString).toList();
        }
    }

    private final FormAttachmentRules rules;

    public WebFormSubmission(FormAttachmentRules rules) {
        this.rules = rules;
    }

    /** An urlencoded body. */
    public Checked check(byte[] body) {
        return check(parse(body), List.of());
    }

    /** A body of either content type the form posts; a multipart body that is not well formed is an {@link IllegalArgumentException}. */
    public Checked check(byte[] body, String contentType) {
        String boundary = MultipartForm.boundary(contentType);
        if (boundary == null) {
            return check(body);
        }
        Map<String, String> fields = new HashMap<>();
        List<MultipartForm.Part> files = new ArrayList<>();
        for (MultipartForm.Part part : MultipartForm.parse(body, boundary)) {
            if (part.isFile()) {
                // a file input left empty sends a part without a name or bytes
                if (ATTACHMENT.equals(part.name()) && !(part.filename().isEmpty() && part.content().length == 0)) {
                    files.add(part);
                }
            } else if (FIELDS.contains(part.name()) && !fields.containsKey(part.name())) {
                fields.put(part.name(), new String(part.content(), StandardCharsets.UTF_8));
            }
        }
        return check(fields, files);
    }

    private Checked check(Map<String, String> fields, List<MultipartForm.Part> files) {
        List<FormError> errors = new ArrayList<>();
        String name = fields.getOrDefault("name", "").trim();
        String email = fields.getOrDefault("email", "").trim();
        String message = fields.getOrDefault("message", "").trim();
        String subject = fields.getOrDefault("subject", "").trim();
        if (email.isEmpty() || email.length() > 320 || !EMAIL.matcher(email).matches()) {
            errors.add(new FormError("email", "a valid e-mail address is required", "有効なメールアドレスを入力してください"));
        }
        if (blank(message)) {
            errors.add(new FormError("message", "please write your question", "お問い合わせ内容を入力してください"));
        } else if (message.length() > 10_000) {
            errors.add(new FormError("message", "at most 10,000 characters", "10,000文字以内で入力してください"));
        }
        if (name.length() > 256) {
            errors.add(new FormError("name", "at most 256 characters", "256文字以内で入力してください"));
        }
        if (subject.length() > 200) {
            errors.add(new FormError("subject", "at most 200 characters", "200文字以内で入力してください"));
        }
        List<AttachmentData> attachments = attachments(files, errors);
        return new Checked(fields, errors, !fields.getOrDefault(HONEYPOT, "").isBlank(), attachments, !files.isEmpty());
    }

    private List<AttachmentData> attachments(List<MultipartForm.Part> files, List<FormError> errors) {
        if (files.size() > rules.maxCount()) {
            errors.add(new FormError("attachment", "at most " + rules.maxCount() + " files", "添付できるファイルは" + rules.maxCount() + "個までです"));
            return List.of();
        }
        List<AttachmentData> attachments = new ArrayList<>();
        for (MultipartForm.Part file : files) {
            String filename = fileName(file.filename(), attachments.size());
            String type = rules.allowedType(file.content());
            if (file.content().length > rules.maxBytes()) {
                errors.add(new FormError("attachment", filename + " is larger than " + rules.maxSizeText(),
                        filename + " は " + rules.maxSizeText() + " を超えています"));
            } else if (type == null) {
                errors.add(new FormError("attachment", filename + " is not a file of an accepted type (" + rules.names() + ")",
                        filename + " は添付できない種類のファイルです（" + rules.names() + "）"));
            } else {
                attachments.add(AttachmentData.of(filename, type, file.content()));
            }
        }
        return attachments;
    }

    public Normalized normalize(Checked checked) {
        Map<String, String> fields = checked.fields();
        String email = fields.getOrDefault("email", "").trim().toLowerCase(java.util.Locale.ROOT);
        String name = blankToNull(fields.get("name"));
        return new Normalized(null, null, null, new Requester(email, email, name, null), List.of(),
                blankToNull(fields.get("subject")), fields.getOrDefault("message", "").trim(), checked.attachments(), Map.of());
    }

    /** The name the visitor's file had, without a path (old browsers send one), cleaned and at most 200 characters. */
    private static String fileName(String sent, int index) {
        String name = sent.substring(Math.max(sent.lastIndexOf('/'), sent.lastIndexOf('\\')) + 1).strip();
        name = name.codePoints().filter(c -> !Character.isISOControl(c)).collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString();
        if (name.isEmpty()) {
            return "attachment-" + (index + 1);
        }
        return name.length() > 200 ? name.substring(0, 200) : name;
    }

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public Uni<Outcome> normalize(Inquiry stored) {
        Checked checked = check(stored.rawPayload, stored.rawContentType);
        return Uni.createFrom().item(checked.errors().isEmpty()
                ? new Outcome.Publish(normalize(checked))
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

package io.madoguchi.ingest.service.form;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What a visitor may attach to the contact form: how many files, how large each, and of which types. A file's type is
 * what its first bytes say it is, not what its name or the browser claims: a script named screenshot.png is refused.
 */
@Startup
@ApplicationScoped
public class FormAttachmentRules {

    public static final List<String> KNOWN_TYPES = List.of("image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain");

    private final int maxCount;
    private final long maxBytes;
    private final Set<String> types;

    public FormAttachmentRules(@ConfigProperty(name = "madoguchi.form.attachments.max-count", defaultValue = "3") int maxCount,
            @ConfigProperty(name = "madoguchi.form.attachments.max-size", defaultValue = "300K") MemorySize maxSize,
            @ConfigProperty(name = "madoguchi.form.attachments.types",
                    defaultValue = "image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain") String types) {
        this.maxCount = maxCount;
        this.maxBytes = maxSize.asLongValue();
        this.types = Arrays.stream(types.split(",")).map(t -> t.trim().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        List<String> unknown = this.types.stream().filter(t -> !KNOWN_TYPES.contains(t)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("madoguchi.form.attachments.types: " + unknown + " cannot be recognised; known: " + KNOWN_TYPES);
        }
    }

    public int maxCount() {
        return maxCount;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The size limit as a person reads it: "300 KB", "2 MB". */
    public String maxSizeText() {
        return maxBytes % (1024 * 1024) == 0 ? maxBytes / (1024 * 1024) + " MB" : (maxBytes + 1023) / 1024 + " KB";
    }

    /** The type a file's content shows, when it is one of the allowed types; else null. */
    public String allowedType(byte[] content) {
        String type = sniff(content);
        return type != null && types.contains(type) ? type : null;
    }

    /** The allowed types as a person names them: PNG, JPEG, PDF… */
    public String names() {
        return KNOWN_TYPES.stream().filter(types::contains)
                .map(t -> switch (t) {
                    case "image/webp" -> "WebP";
                    case "application/pdf" -> "PDF";
                    case "text/plain" -> "TXT";
                    default -> t.substring(t.indexOf('/') + 1).toUpperCase(Locale.ROOT);
                }).collect(Collectors.joining(", "));
    }

    /** What the accept attribute of the file input offers. */
    public String accept() {
        return KNOWN_TYPES.stream().filter(types::contains).collect(Collectors.joining(","));
    }

    static String sniff(byte[] b) {
        if (starts(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (starts(b, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (starts(b, 'G', 'I', 'F', '8')) {
            return "image/gif";
        }
        if (starts(b, 'R', 'I', 'F', 'F') && b.length >= 12 && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return "image/webp";
        }
        if (starts(b, '%', 'P', 'D', 'F', '-')) {
            return "application/pdf";
        }
        return plainText(b) ? "text/plain" : null;
    }

    /** UTF-8 without NUL or other control characters but tab, line breaks and form feed. */
    private static boolean plainText(byte[] b) {
        try {
            String text = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b)).toString();
            return b.length > 0 && text.chars().noneMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7F);
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static boolean starts(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}

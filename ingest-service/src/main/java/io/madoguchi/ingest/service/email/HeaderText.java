package io.madoguchi.ingest.service.email;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeUtility;

/**
 * Header text as real mailers write it. Jakarta Mail reads header bytes as Latin-1, one char per byte; raw UTF-8
 * (RFC 6532) is restored from them. RFC 2047 encoded words are decoded with {@link MailCharsets}, and adjacent words
 * of one charset are decoded together, since some Japanese mailers cut a multibyte character between two words.
 */
final class HeaderText {

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");

    private HeaderText() {
    }

    /** An unstructured header (Subject) or a file name: unfolded, raw UTF-8 restored, encoded words decoded. */
    static String unstructured(String header) {
        return header == null ? null : decodeWords(MimeUtility.unfold(utf8(header)));
    }

    /**
     * The display name of a one-address header as written before its {@code <address>} (quoted or not, encoded words
     * in it decoded), or the comment after a bare address; null when it has none.
     */
    static String displayName(String header) {
        if (header == null) {
            return null;
        }
        String text = MimeUtility.unfold(utf8(header)).strip();
        int angle = outsideQuotes(text, '<');
        String phrase;
        if (angle >= 0) {
            phrase = unquote(text.substring(0, angle));
        } else {
            int open = outsideQuotes(text, '(');
            int close = text.lastIndexOf(')');
            phrase = open >= 0 && close > open ? text.substring(open + 1, close) : "";
        }
        String name = decodeWords(phrase).strip();
        return name.isEmpty() ? null : name;
    }

    /** Latin-1 chars that are really the bytes of valid UTF-8 become that text; anything else is left as it was. */
    static String utf8(String header) {
        boolean eightBit = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c > 0xFF) {
                return header;
            }
            eightBit |= c >= 0x80;
        }
        if (!eightBit) {
            return header;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(header.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            return header;
        }
    }

    /**
     * Decodes the encoded words of a text. White space between two encoded words is dropped (RFC 2047, 6.2); the bytes
     * of adjacent words of one charset are joined before decoding. A word of an unknown charset or with broken base64
     * is kept as written.
     */
    static String decodeWords(String text) {
        Matcher word = ENCODED_WORD.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        Charset pendingCharset = null;
        int last = 0;
        while (word.find()) {
            String between = text.substring(last, word.start());
            Optional<Charset> charset = MailCharsets.forMimeName(word.group(1));
            byte[] bytes = charset.isPresent() ? bytes(word.group(2), word.group(3)) : null;
            boolean joins = pendingCharset != null && between.isBlank();
            if (bytes == null || !joins || !charset.get().equals(pendingCharset)) {
                flush(out, pending, pendingCharset);
                pendingCharset = null;
            }
            if (!joins || bytes == null) {
                out.append(between);
            }
            if (bytes == null) {
                out.append(word.group());
            } else {
                pending.writeBytes(bytes);
                pendingCharset = charset.get();
            }
            last = word.end();
        }
        flush(out, pending, pendingCharset);
        return out.append(text, last, text.length()).toString();
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream pending, Charset charset) {
        if (charset != null) {
            out.append(new String(pending.toByteArray(), charset));
        }
        pending.reset();
    }

    private static byte[] bytes(String encoding, String text) {
        if (encoding.equalsIgnoreCase("B")) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                bytes.write(' ');
            } else if (c == '=' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toByteArray();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /** The first {@code wanted} that is not inside a quoted string, or -1. */
    private static int outsideQuotes(String text, char wanted) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == wanted && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /** The phrase with its quoted strings opened: quotes dropped, quoted pairs unescaped. */
    private static String unquote(String phrase) {
        StringBuilder out = new StringBuilder(phrase.length());
        boolean quoted = false;
        for (int i = 0; i < phrase.length(); i++) {
            char c = phrase.charAt(i);
            if (c == '\\' && quoted && i + 1 < phrase.length()) {
                out.append(phrase.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

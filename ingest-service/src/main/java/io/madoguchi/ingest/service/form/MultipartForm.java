package io.madoguchi.ingest.service.form;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578) as browsers send it: each part's name, file name and bytes. Names
 * and file names are UTF-8, as browsers write them (a {@code "} in a file name escaped as {@code %22}); the bytes of a
 * part are kept exactly. What is not a well-formed body is an {@link IllegalArgumentException}.
 */
public final class MultipartForm {

    public static final String CONTENT_TYPE = "multipart/form-data";
    private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary=(\"?)([0-9A-Za-z'()+_,./:=? -]{1,70})\\1\\s*(;|$)");
    private static final Pattern NAME = Pattern.compile("(?i);\\s*name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i);\\s*filename=\"([^\"]*)\"");

    public record Part(String name, String filename, String contentType, byte[] content) {
        public boolean isFile() {
            return filename != null;
        }
    }

    private MultipartForm() {
    }

    /** The boundary of a multipart/form-data content type, or null where the type is another or names none. */
    public static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(CONTENT_TYPE)) {
            return null;
        }
        Matcher m = BOUNDARY.matcher(contentType);
        return m.find() ? m.group(2).strip() : null;
    }

    public static List<Part> parse(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw new IllegalArgumentException("no part begins with the boundary");
        }
        byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        List<Part> parts = new ArrayList<>();
        int position = at + delimiter.length;
        while (true) {
            if (position + 2 <= body.length && body[position] == '-' && body[position + 1] == '-') {
                return parts;
            }
            if (position + 2 > body.length || body[position] != '\r' || body[position + 1] != '\n') {
                throw new IllegalArgumentException("a boundary is not followed by a line break");
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), position);
            int end = headersEnd < 0 ? -1 : indexOf(body, next, headersEnd + 4);
            if (end < 0) {
                throw new IllegalArgumentException("a part is not closed by the boundary");
            }
            String headers = new String(body, position + 2, headersEnd - position - 2, StandardCharsets.UTF_8);
            parts.add(part(headers, Arrays.copyOfRange(body, headersEnd + 4, end)));
            position = end + next.length;
        }
    }

    private static Part part(String headers, byte[] content) {
        String disposition = null;
        String type = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (name.equals("content-disposition")) {
                disposition = line.substring(colon + 1).trim();
            } else if (name.equals("content-type")) {
                type = line.substring(colon + 1).trim();
            }
        }
        if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
            throw new IllegalArgumentException("a part without Content-Disposition: form-data");
        }
        Matcher name = NAME.matcher(disposition);
        if (!name.find()) {
            throw new IllegalArgumentException("a part without a name");
        }
        Matcher filename = FILENAME.matcher(disposition);
        return new Part(name.group(1), filename.find() ? filename.group(1).replace("%22", "\"") : null, type, content);
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= bytes.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

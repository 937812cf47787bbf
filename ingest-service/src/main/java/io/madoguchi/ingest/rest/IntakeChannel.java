package io.madoguchi.ingest.rest;

/** Which intake a request path belongs to, for the metrics of rejected requests. */
final class IntakeChannel {

    // a fixed set: labels must not grow with whatever paths callers make up
    private static final String[] WEBHOOKS = {"slack", "line", "chat", "email"};

    private IntakeChannel() {
    }

    static String of(String path) {
        if (path == null) {
            return "other";
        }
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        if (path.startsWith("/api/v1/inquiries")) {
            return "api";
        }
        for (String webhook : WEBHOOKS) {
            if (path.startsWith("/webhooks/" + webhook)) {
                return webhook;
            }
        }
        if (path.startsWith("/form")) {
            return "form";
        }
        if (path.startsWith("/admin/")) {
            return "admin";
        }
        return "other";
    }

    /** The label for a status when the failure did not name its own reason. */
    static String reasonFor(int status) {
        return switch (status) {
            case 400 -> "invalid";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "unknown-source";
            case 409 -> "conflict";
            case 413 -> "too-large";
            case 415 -> "unsupported-media-type";
            case 429 -> "rate-limited";
            default -> "status-" + status;
        };
    }
}

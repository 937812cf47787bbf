package io.madoguchi.ingest.rest;

/**
 * Thrown to answer with a problem body of the given status. The reason (e.g. {@code signature},
 * {@code stale-timestamp}, {@code unknown-source}) labels the rejection in {@code madoguchi_intake_rejected_total}.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final String reason;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    public ProblemException(int status, String title, String detail, String reason) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String reason() {
        return reason;
    }
}

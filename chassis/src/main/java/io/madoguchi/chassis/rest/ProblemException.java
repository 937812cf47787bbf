package io.madoguchi.chassis.rest;

/**
 * Thrown to answer with a problem body of the given status. The optional reason (e.g. {@code signature},
 * {@code unknown-source}) labels the refusal for {@link RefusalCounter}.
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

    /** @return the refusal's label, or null to label it by its status */
    public String reason() {
        return reason;
    }
}

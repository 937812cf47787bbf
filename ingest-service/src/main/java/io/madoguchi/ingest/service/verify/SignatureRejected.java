package io.madoguchi.ingest.service.verify;

/** A webhook whose signature is missing, forged or too old: HTTP 401, counted under {@code reason}. */
public class SignatureRejected extends RuntimeException {

    private final String reason;

    public SignatureRejected(String reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    /** {@code missing-signature}, {@code signature} or {@code stale-timestamp} */
    public String reason() {
        return reason;
    }
}

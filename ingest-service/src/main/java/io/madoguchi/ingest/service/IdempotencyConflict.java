package io.madoguchi.ingest.service;

/** An Idempotency-Key reused with a different body: HTTP 409. */
public class IdempotencyConflict extends RuntimeException {

    public IdempotencyConflict(String key) {
        super("Idempotency-Key '" + key + "' was used before with a different body", null, false, false);
    }
}

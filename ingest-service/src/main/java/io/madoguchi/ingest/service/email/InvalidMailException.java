package io.madoguchi.ingest.service.email;

/** The bytes are not a mail we can read; the message says what is wrong, for the problem body. */
public class InvalidMailException extends Exception {

    public InvalidMailException(String message) {
        super(message);
    }

    public InvalidMailException(String message, Throwable cause) {
        super(message, cause);
    }
}

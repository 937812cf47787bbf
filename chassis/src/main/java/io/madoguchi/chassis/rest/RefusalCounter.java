package io.madoguchi.chassis.rest;

/**
 * Told of every request {@link ProblemMappers} refuses with a 4xx or a 503, for a service that counts refusals
 * (ingest-service counts them by intake channel and reason). A service without one counts nothing.
 */
public interface RefusalCounter {

    /**
     * @param path the request's path
     * @param status the answer's status
     * @param reason a short label ({@code invalid}, {@code malformed}, {@code unavailable} or a {@link ProblemException}'s
     *               reason), or null where the refusal gives none and its status must do
     */
    void refused(String path, int status, String reason);
}

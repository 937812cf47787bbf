package io.madoguchi.ingest.rest;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.madoguchi.chassis.rest.Problem;
import io.madoguchi.ingest.service.intake.IntakeMetrics;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Checks {@code X-Api-Key} against the keys configured per source ({@code source:key} pairs in
 * {@code madoguchi.ingest.api-keys}) and records which source called.
 */
@Provider
@ApiKeyProtected
public class ApiKeyFilter implements ContainerRequestFilter {

    public static final String HEADER = "X-Api-Key";
    public static final String SOURCE_PROPERTY = "madoguchi.source";

    private final Map<String, byte[]> keysBySource;
    private final IntakeMetrics metrics;

    public ApiKeyFilter(@ConfigProperty(name = "madoguchi.ingest.api-keys") List<String> sourceKeys, IntakeMetrics metrics) {
        this.metrics = metrics;
        this.keysBySource = sourceKeys.stream()
                .map(pair -> pair.split(":", 2))
                .filter(pair -> pair.length == 2 && !pair[0].isBlank() && !pair[1].isBlank())
                .collect(Collectors.toUnmodifiableMap(pair -> pair[0].trim(), pair -> pair[1].trim().getBytes(UTF_8)));
        if (keysBySource.isEmpty()) {
            throw new IllegalStateException("madoguchi.ingest.api-keys must hold at least one source:key pair");
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        byte[] presented = Optional.ofNullable(request.getHeaderString(HEADER)).orElse("").getBytes(UTF_8);
        // compare with every key, in constant time per key, so timing does not tell which source is close
        String source = null;
        for (Map.Entry<String, byte[]> entry : keysBySource.entrySet()) {
            if (MessageDigest.isEqual(entry.getValue(), presented)) {
                source = entry.getKey();
            }
        }
        if (source == null) {
            metrics.rejected(IntakeChannel.of(request.getUriInfo().getPath()), "unauthorized");
            request.abortWith(Problem.response(401, "Unauthorized", "A valid " + HEADER + " header is required"));
            return;
        }
        request.setProperty(SOURCE_PROPERTY, source);
    }
}

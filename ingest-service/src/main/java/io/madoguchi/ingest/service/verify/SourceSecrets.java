package io.madoguchi.ingest.service.verify;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Per-source secrets configured as {@code source:secret} pairs, comma separated. */
public final class SourceSecrets {

    private final Map<String, String> bySource;

    public SourceSecrets(Optional<List<String>> pairs) {
        this.bySource = pairs.orElse(List.of()).stream()
                .map(pair -> pair.split(":", 2))
                .filter(pair -> pair.length == 2 && !pair[0].isBlank() && !pair[1].isBlank())
                .collect(Collectors.toUnmodifiableMap(pair -> pair[0].trim(), pair -> pair[1].trim()));
    }

    public Optional<String> of(String source) {
        return Optional.ofNullable(source == null ? null : bySource.get(source));
    }
}

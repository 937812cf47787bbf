package io.madoguchi.ingest;

import java.time.Duration;
import java.util.Set;

final class AdminToken {

    private AdminToken() {
    }

    static String admin() {
        return IngestTestResource.tokens().mint("ops-1", Set.of("admin"), Duration.ofMinutes(10));
    }

    static String agent() {
        return IngestTestResource.tokens().mint("agent-1", Set.of("agent"), Duration.ofMinutes(10));
    }
}

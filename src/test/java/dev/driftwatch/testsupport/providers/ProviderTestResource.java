package dev.driftwatch.testsupport.providers;

import dev.driftwatch.testsupport.DaemonResource;
import dev.driftwatch.testsupport.DebugLog;
import java.nio.file.Path;
import java.util.Map;

/**
 * A daemon for provider tests: its own data directory, an environments file the tests rewrite (it starts with one
 * unconfigured key, which sends nothing anywhere), fast reloads, and every log line of driftwatch and its REST client
 * at DEBUG in a file ({@code dwtest.log-file}) that the secret scan reads. The fake providers belong to the tests.
 */
public class ProviderTestResource extends DaemonResource {
    public static final String INITIAL_CONFIG = """
            environments:
              idle:
                providers:
                  openai: {key: ""}
            """;

    public ProviderTestResource() {
        super("driftwatch-providers-");
    }

    @Override
    protected String environments(Path dir, Map<String, String> properties) {
        // Tests send many requests on purpose; KeyVerifierTest covers the cap itself.
        properties.put("driftwatch.provider.max-requests-per-minute", "100000");
        properties.putAll(DebugLog.toFile(dir.resolve("driftwatch.log")));
        return INITIAL_CONFIG;
    }
}

package dev.driftwatch.testsupport.providers;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A daemon for provider tests: its own data directory, an environments file the tests rewrite (it starts with one
 * unconfigured key, which sends nothing anywhere), fast reloads, and every log line of driftwatch and its REST client
 * at DEBUG in a file ({@code dwtest.log-file}) that the secret scan reads. The fake providers belong to the tests.
 */
public class ProviderTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String INITIAL_CONFIG = """
            environments:
              idle:
                providers:
                  openai: {key: ""}
            """;

    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("driftwatch-providers-");
            Path config = dir.resolve("driftwatch.yaml");
            Files.writeString(config, INITIAL_CONFIG);
            Path log = dir.resolve("driftwatch.log");
            Map<String, String> props = new HashMap<>();
            props.put("driftwatch.config", config.toString());
            props.put("driftwatch.data-dir", dir.resolve("data").toString());
            props.put("driftwatch.reload-interval", "200ms");
            props.put("driftwatch.verdict-refresh", "200ms");
            // Tests send many requests on purpose; KeyVerifierTest covers the cap itself.
            props.put("driftwatch.provider.max-requests-per-minute", "100000");
            props.putAll(dev.driftwatch.testsupport.DebugLog.toFile(log));
            return props;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        dev.driftwatch.testsupport.DebugLog.deleteDirectory(dir);
    }
}

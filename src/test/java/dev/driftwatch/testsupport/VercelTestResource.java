package dev.driftwatch.testsupport;

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
 * A daemon for the Vercel-backed checks: its own data directory (release markers), an environments file the tests
 * rewrite (it starts with one smoke check against a closed port), fast reloads, an API token for the releases
 * endpoint, and every driftwatch and REST-client log line at DEBUG in a file ({@code dwtest.log-file}) for the secret scan.
 */
public class VercelTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String API_TOKEN = "dwtest-release-token-0123456789abcdef";
    public static final String INITIAL_CONFIG = """
            environments:
              idle:
                smoke:
                  home: {url: "http://127.0.0.1:9/", expect: {status: 200}, interval: 1h}
            """;

    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("driftwatch-vercel-");
            Path config = dir.resolve("driftwatch.yaml");
            Files.writeString(config, INITIAL_CONFIG);
            Path log = dir.resolve("driftwatch.log");
            Map<String, String> props = new HashMap<>();
            props.put("driftwatch.config", config.toString());
            props.put("driftwatch.data-dir", dir.resolve("data").toString());
            props.put("driftwatch.reload-interval", "200ms");
            props.put("driftwatch.verdict-refresh", "200ms");
            props.put("driftwatch.api.token", API_TOKEN);
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

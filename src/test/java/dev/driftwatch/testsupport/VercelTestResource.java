package dev.driftwatch.testsupport;

import java.nio.file.Path;
import java.util.Map;

/**
 * A daemon for the Vercel-backed checks: its own data directory (release markers), an environments file the tests
 * rewrite (it starts with one smoke check against a closed port), fast reloads, an API token for the releases
 * endpoint, and every driftwatch and REST-client log line at DEBUG in a file ({@code dwtest.log-file}) for the secret scan.
 */
public class VercelTestResource extends DaemonResource {
    public static final String API_TOKEN = "dwtest-release-token-0123456789abcdef";
    public static final String INITIAL_CONFIG = """
            environments:
              idle:
                smoke:
                  home: {url: "http://127.0.0.1:9/", expect: {status: 200}, interval: 1h}
            """;

    public VercelTestResource() {
        super("driftwatch-vercel-");
    }

    @Override
    protected String environments(Path dir, Map<String, String> properties) {
        properties.put("driftwatch.api.token", API_TOKEN);
        properties.put("driftwatch.provider.max-requests-per-minute", "100000");
        properties.putAll(DebugLog.toFile(dir.resolve("driftwatch.log")));
        return INITIAL_CONFIG;
    }
}

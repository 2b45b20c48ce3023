package dev.driftwatch.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A daemon set up for release gates on a private PostgreSQL and Redis: {@code gate} is probed every second against
 * the reference database {@code app} with a migrations directory the test may add files to, and its rate limiter in
 * the private Redis; {@code ondemand} (its own
 * copy, database {@code ondemand}) is probed once at start and then only on demand. The API token and an 8 s
 * spacing of on-demand runs are set; tests reach everything through {@code dwtest.*} config properties.
 */
public class GateResource extends DaemonResource {
    public static final String TOKEN = "dw-test-token-7f3c9a1e5b2d4c6e8f0a";
    private static final String CONFIG = """
            interval: 1s
            timeout: 2s
            environments:
              gate:
                schema:
                  url: jdbc:postgresql://127.0.0.1:%1$d/app
                  user: postgres
                  contract: %2$s
                  migrations: %3$s
                ratelimit:
                  redis: redis://127.0.0.1:%5$d
                  prefix: "tokenmart:global"
                  timeout: 1s
              ondemand:
                schema:
                  url: jdbc:postgresql://127.0.0.1:%1$d/ondemand
                  user: postgres
                  contract: %2$s
                  migrations: %4$s
                  interval: 1h
                  timeout: 20s
            """;

    public GateResource() {
        super("driftwatch-gate-");
    }

    @Override
    protected String environments(Path dir, Map<String, String> properties) throws IOException {
        PostgresServer pg = own(PostgresServer.start());
        RedisServer redis = own(RedisServer.start());
        pg.createReferenceDatabase("app", PostgresServer.MIGRATIONS);
        pg.createDatabase("ondemand", "app");
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        try (Stream<Path> files = Files.list(PostgresServer.MIGRATIONS)) {
            for (Path f : files.toList()) {
                Files.copy(f, migrations.resolve(f.getFileName()));
            }
        }
        properties.put("driftwatch.api.token", TOKEN);
        properties.put("driftwatch.api.probe-min-interval", "8s");
        properties.put("dwtest.pg-port", Integer.toString(pg.port()));
        properties.put("dwtest.redis-port", Integer.toString(redis.port()));
        properties.put("dwtest.pg-log", pg.logFile().toString());
        properties.put("dwtest.migrations", migrations.toString());
        return CONFIG.formatted(pg.port(), PostgresServer.PROJECT.resolve("config/contracts/local.json"),
                migrations, PostgresServer.MIGRATIONS, redis.port());
    }
}

package dev.driftwatch.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
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
public class GateResource implements QuarkusTestResourceLifecycleManager {
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

    private PostgresServer pg;
    private RedisServer redis;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            pg = PostgresServer.start();
            redis = RedisServer.start();
            pg.createReferenceDatabase("app", PostgresServer.MIGRATIONS);
            pg.createDatabase("ondemand", "app");
            dir = Files.createTempDirectory("driftwatch-gate-");
            Path migrations = Files.createDirectories(dir.resolve("migrations"));
            try (Stream<Path> files = Files.list(PostgresServer.MIGRATIONS)) {
                for (Path f : files.toList()) {
                    Files.copy(f, migrations.resolve(f.getFileName()));
                }
            }
            Path config = dir.resolve("driftwatch.yaml");
            Files.writeString(config, CONFIG.formatted(pg.port(), PostgresServer.PROJECT.resolve("config/contracts/local.json"),
                    migrations, PostgresServer.MIGRATIONS, redis.port()));
            return Map.of(
                    "driftwatch.config", config.toString(),
                    "driftwatch.data-dir", dir.resolve("data").toString(),
                    "driftwatch.verdict-refresh", "200ms",
                    "driftwatch.api.token", TOKEN,
                    "driftwatch.api.probe-min-interval", "8s",
                    "dwtest.pg-port", Integer.toString(pg.port()),
                    "dwtest.redis-port", Integer.toString(redis.port()),
                    "dwtest.pg-log", pg.logFile().toString(),
                    "dwtest.migrations", migrations.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (pg != null) {
            pg.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temp directory is no reason to fail the suite
            }
        }
    }
}

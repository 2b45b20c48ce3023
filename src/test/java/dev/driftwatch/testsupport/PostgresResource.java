package dev.driftwatch.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a private PostgreSQL with the reference application's schema (database {@code app}) and writes an
 * environments file for it: {@code local} is checked against the committed contract and migrations, {@code bare}
 * has no expected state. Tests reach both through config properties, not shared objects.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    public static final String CONFIG_TEMPLATE = """
            interval: 1s
            timeout: 2s
            environments:
              local:
                labels: {tier: dev}
                schema:
                  url: jdbc:postgresql://127.0.0.1:%1$d/app
                  user: postgres
                  contract: %2$s
                  migrations: %3$s
              bare:
                schema:
                  url: jdbc:postgresql://127.0.0.1:%1$d/app
                  user: postgres
            """;

    private PostgresServer pg;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            pg = PostgresServer.start();
            pg.createReferenceDatabase("app", PostgresServer.MIGRATIONS);
            dir = Files.createTempDirectory("driftwatch-it-");
            Path config = dir.resolve("driftwatch.yaml");
            Files.writeString(config, render(pg.port()));
            return Map.of(
                    "driftwatch.config", config.toString(),
                    "driftwatch.data-dir", dir.resolve("data").toString(),
                    "driftwatch.reload-interval", "200ms",
                    "driftwatch.verdict-refresh", "200ms",
                    "dwtest.pg-port", Integer.toString(pg.port()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String render(int port) {
        return CONFIG_TEMPLATE.formatted(port, PostgresServer.PROJECT.resolve("config/contracts/local.json"), PostgresServer.MIGRATIONS);
    }

    @Override
    public void stop() {
        if (pg != null) {
            pg.close();
        }
    }
}

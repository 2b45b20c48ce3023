package dev.driftwatch.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a private PostgreSQL with the reference application's schema (database {@code app}) and writes an
 * environments file for it: {@code local} is checked against the committed contract and migrations, {@code bare}
 * has no expected state. Tests reach both through config properties, not shared objects.
 */
public class PostgresResource extends DaemonResource {
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

    public PostgresResource() {
        super("driftwatch-it-");
    }

    @Override
    protected String environments(Path dir, Map<String, String> properties) throws IOException {
        PostgresServer pg = own(PostgresServer.start());
        pg.createReferenceDatabase("app", PostgresServer.MIGRATIONS);
        properties.put("dwtest.pg-port", Integer.toString(pg.port()));
        return render(pg.port());
    }

    public static String render(int port) {
        return CONFIG_TEMPLATE.formatted(port, PostgresServer.PROJECT.resolve("config/contracts/local.json"), PostgresServer.MIGRATIONS);
    }
}

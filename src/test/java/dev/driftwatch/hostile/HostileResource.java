package dev.driftwatch.hostile;

import dev.driftwatch.testsupport.DaemonResource;
import dev.driftwatch.testsupport.DebugLog;
import dev.driftwatch.testsupport.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A daemon with planted secrets (a database password and a URL password from files), an API token, small long-poll
 * limits and every log line at DEBUG in a file, so that hostile tests can look for the secrets in every output.
 */
public class HostileResource extends DaemonResource {
    static final String TOKEN = "hostile-test-token-4f8e2a9c1b7d";
    static final String DB_PASSWORD = "planted-db-password-3e9a7c";
    static final String URL_SECRET = "planted-url-param-8d2f6b";
    static final String CONFIG = """
            interval: 1s
            timeout: 2s
            environments:
              local:
                schema:
                  url: jdbc:postgresql://127.0.0.1:%1$d/app?ApplicationName=${file:urlparam}
                  user: postgres
                  password: ${file:dbpass}
                  contract: %2$s
            """;

    public HostileResource() {
        super("driftwatch-hostile-");
    }

    @Override
    protected String environments(Path dir, Map<String, String> properties) throws IOException {
        PostgresServer pg = own(PostgresServer.start());
        pg.createReferenceDatabase("app", PostgresServer.MIGRATIONS);
        Files.writeString(dir.resolve("dbpass"), DB_PASSWORD + "\n");
        Files.writeString(dir.resolve("urlparam"), URL_SECRET);
        properties.putAll(DebugLog.toFile(dir.resolve("debug.log")));
        properties.put("quarkus.log.level", "DEBUG");
        properties.put("quarkus.log.min-level", "DEBUG");
        properties.put("driftwatch.api.token", TOKEN);
        properties.put("driftwatch.api.max-waiting", "8");
        properties.put("driftwatch.api.max-waiting-per-client", "4");
        properties.put("dwtest.hostile-dir", dir.toString());
        return config(pg.port());
    }

    static String config(int port) {
        return CONFIG.formatted(port, PostgresServer.PROJECT.resolve("config/contracts/local.json"));
    }
}

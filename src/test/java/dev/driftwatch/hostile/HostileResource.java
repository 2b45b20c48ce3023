package dev.driftwatch.hostile;

import dev.driftwatch.testsupport.DebugLog;
import dev.driftwatch.testsupport.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A daemon with planted secrets (a database password and a URL password from files), an API token, small long-poll
 * limits and every log line at DEBUG in a file, so that hostile tests can look for the secrets in every output.
 */
public class HostileResource implements QuarkusTestResourceLifecycleManager {
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

    private PostgresServer pg;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            pg = PostgresServer.start();
            pg.createReferenceDatabase("app", PostgresServer.MIGRATIONS);
            dir = Files.createTempDirectory("driftwatch-hostile-");
            Files.writeString(dir.resolve("dbpass"), DB_PASSWORD + "\n");
            Files.writeString(dir.resolve("urlparam"), URL_SECRET);
            Path config = dir.resolve("driftwatch.yaml");
            Files.writeString(config, config(pg.port()));
            Map<String, String> props = new HashMap<>(DebugLog.toFile(dir.resolve("debug.log")));
            props.put("quarkus.log.level", "DEBUG");
            props.put("quarkus.log.min-level", "DEBUG");
            props.put("driftwatch.config", config.toString());
            props.put("driftwatch.data-dir", dir.resolve("data").toString());
            props.put("driftwatch.reload-interval", "200ms");
            props.put("driftwatch.verdict-refresh", "200ms");
            props.put("driftwatch.api.token", TOKEN);
            props.put("driftwatch.api.max-waiting", "8");
            props.put("driftwatch.api.max-waiting-per-client", "4");
            props.put("dwtest.hostile-dir", dir.toString());
            return props;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String config(int port) {
        return CONFIG.formatted(port, PostgresServer.PROJECT.resolve("config/contracts/local.json"));
    }

    @Override
    public void stop() {
        if (pg != null) {
            pg.close();
        }
        DebugLog.deleteDirectory(dir);
    }
}

package dev.driftwatch.status;

import dev.driftwatch.testsupport.DaemonResource;
import dev.driftwatch.testsupport.PostgresServer;
import dev.driftwatch.testsupport.RedisServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A daemon with four environments on a private PostgreSQL and Redis: {@code production} and {@code staging} each
 * check their own copy of the reference database against the contract and a limiter on a password-protected Redis;
 * {@code preview} watches the same Redis without expected schema; {@code sandbox} points at a closed PostgreSQL port
 * (its schema check is unknown and marked optional, so its verdict warns) and carries a label with HTML in it.
 */
public class StatusPageResource extends DaemonResource {
    static final List<String> ENVIRONMENTS = List.of("preview", "production", "sandbox", "staging");
    static final String HOSTILE_LABEL = "<img src=x onerror=alert(1)>";
    private static final String PASSWORD = "status-page-limiter";
    private static final String CONFIG = """
            interval: 1s
            timeout: 2s
            environments:
              production:
                labels: {tier: prod, team: payments}
                schema:
                  url: jdbc:postgresql://127.0.0.1:%1$d/prod
                  user: postgres
                  contract: %2$s
                  migrations: %3$s
                ratelimit:
                  redis: redis://default:%5$s@127.0.0.1:%4$d
                  prefix: "tokenmart:global"
                  timeout: 1s
              staging:
                labels: {tier: staging}
                schema:
                  url: jdbc:postgresql://127.0.0.1:%1$d/staging
                  user: postgres
                  contract: %2$s
                ratelimit:
                  redis: redis://default:%5$s@127.0.0.1:%4$d
                  prefix: "tokenmart:global"
                  timeout: 1s
              preview:
                labels: {tier: preview}
                ratelimit:
                  redis: redis://default:%5$s@127.0.0.1:%4$d
                  prefix: "tokenmart:preview"
                  timeout: 1s
              sandbox:
                labels: {tier: sandbox, owner: "%7$s"}
                schema:
                  url: jdbc:postgresql://127.0.0.1:%6$d/app
                  user: postgres
                  timeout: 1s
                  optional: true
            """;

    public StatusPageResource() {
        super("driftwatch-status-");
    }

    @Override
    protected String environments(Path dir, Map<String, String> properties) throws IOException {
        PostgresServer pg = own(PostgresServer.start());
        pg.createReferenceDatabase("prod", PostgresServer.MIGRATIONS);
        pg.createDatabase("staging", "prod");
        RedisServer redis = own(RedisServer.start("--requirepass", PASSWORD));
        properties.put("driftwatch.status.refresh", "1s");
        properties.put("dwtest.pg-port", Integer.toString(pg.port()));
        return CONFIG.formatted(pg.port(), PostgresServer.PROJECT.resolve("config/contracts/local.json"),
                PostgresServer.MIGRATIONS, redis.port(), PASSWORD, PostgresServer.freePort(), HOSTILE_LABEL);
    }
}

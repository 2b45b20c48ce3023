package dev.driftwatch.monitoring;

import dev.driftwatch.fixtures.UpstashRestFixture;
import dev.driftwatch.provider.ProviderType;
import dev.driftwatch.testsupport.DebugLog;
import dev.driftwatch.testsupport.PostgresServer;
import dev.driftwatch.testsupport.RedisServer;
import dev.driftwatch.testsupport.providers.FakeProviderServer;
import dev.driftwatch.testsupport.providers.ProviderFixtures.Scenario;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A daemon for running the runbooks' commands: one environment, {@code staging} (not {@code production}), with a
 * check of every kind the runbooks name (schema, migrations, ratelimit over {@code redis://}, an OpenAI key and its
 * catalog), the token set and no spacing between on-demand runs; the Redis is also reachable through an Upstash-REST
 * front. Its log also goes, as JSON, to {@code dwtest.json-log}.
 */
public class RunbookResource implements QuarkusTestResourceLifecycleManager {
    static final String TOKEN = "dw-runbook-token-4b7e2c9d1f3a5e6b";
    static final String UPSTASH_TOKEN = "upstash-runbook-token";
    private static final String CONFIG = """
            interval: 2s
            timeout: 5s
            environments:
              staging:
                schema:
                  url: jdbc:postgresql://127.0.0.1:%1$d/app
                  user: postgres
                  contract: %2$s
                  migrations: %3$s
                ratelimit:
                  redis: redis://127.0.0.1:%4$d
                  prefix: "tokenmart:global"
                  timeout: 1s
                providers:
                  openai: {key: sk-runbook-0123456789, baseUrl: "%5$s", catalog: {models: {"openai/gpt-4o-mini": {}}}}
            """;

    private PostgresServer pg;
    private RedisServer redis;
    private FakeProviderServer openai;
    private UpstashRestFixture upstash;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("driftwatch-runbooks-");
            pg = PostgresServer.start();
            pg.createReferenceDatabase("app", PostgresServer.MIGRATIONS);
            redis = RedisServer.start();
            upstash = new UpstashRestFixture(redis.port(), UPSTASH_TOKEN);
            openai = FakeProviderServer.start(ProviderType.OPENAI).answer("sk-runbook-0123456789", Scenario.OK);
            Path config = dir.resolve("driftwatch.yaml");
            Files.writeString(config, CONFIG.formatted(pg.port(), PostgresServer.PROJECT.resolve("config/contracts/local.json"),
                    PostgresServer.MIGRATIONS, redis.port(), openai.baseUrl()));
            Map<String, String> props = new java.util.HashMap<>(Map.of(
                    "driftwatch.config", config.toString(),
                    "driftwatch.data-dir", dir.resolve("data").toString(),
                    "driftwatch.verdict-refresh", "200ms",
                    "driftwatch.api.token", TOKEN,
                    "driftwatch.api.probe-min-interval", "1ms",
                    "driftwatch.provider.min-interval", "1s",
                    "dwtest.redis-url", "redis://127.0.0.1:" + redis.port(),
                    "dwtest.upstash-url", upstash.url(),
                    "dwtest.pg-port", Integer.toString(pg.port())));
            // the JSON formatter QUARKUS_LOG_CONSOLE_JSON_ENABLED=true puts on the console, on a file the test reads
            props.put("quarkus.log.file.enabled", "true");
            props.put("quarkus.log.file.path", dir.resolve("driftwatch.json.log").toString());
            props.put("quarkus.log.file.json.enabled", "true");
            props.put("quarkus.log.file.json.exception-output-type", "formatted");
            props.put("dwtest.json-log", dir.resolve("driftwatch.json.log").toString());
            return props;
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        DebugLog.closeAll(java.util.Arrays.asList(upstash, openai, redis, pg));
        DebugLog.deleteDirectory(dir);
    }
}

package dev.driftwatch.monitoring;

import dev.driftwatch.fixtures.UpstashRestFixture;
import dev.driftwatch.provider.ProviderType;
import dev.driftwatch.testsupport.DaemonResource;
import dev.driftwatch.testsupport.PostgresServer;
import dev.driftwatch.testsupport.RedisServer;
import dev.driftwatch.testsupport.providers.FakeProviderServer;
import dev.driftwatch.testsupport.providers.ProviderFixtures.Scenario;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A daemon for running the runbooks' commands: one environment, {@code staging} (not {@code production}), with a
 * check of every kind the runbooks name (schema, migrations, ratelimit over {@code redis://}, an OpenAI key and its
 * catalog), the token set and no spacing between on-demand runs; the Redis is also reachable through an Upstash-REST
 * front. Its log also goes, as JSON, to {@code dwtest.json-log}.
 */
public class RunbookResource extends DaemonResource {
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

    public RunbookResource() {
        super("driftwatch-runbooks-");
    }

    @Override
    protected String environments(Path dir, Map<String, String> properties) throws IOException {
        PostgresServer pg = own(PostgresServer.start());
        pg.createReferenceDatabase("app", PostgresServer.MIGRATIONS);
        RedisServer redis = own(RedisServer.start());
        UpstashRestFixture upstash = own(new UpstashRestFixture(redis.port(), UPSTASH_TOKEN));
        FakeProviderServer openai = own(FakeProviderServer.start(ProviderType.OPENAI)).answer("sk-runbook-0123456789", Scenario.OK);
        properties.put("driftwatch.api.token", TOKEN);
        properties.put("driftwatch.api.probe-min-interval", "1ms");
        properties.put("driftwatch.provider.min-interval", "1s");
        properties.put("dwtest.redis-url", "redis://127.0.0.1:" + redis.port());
        properties.put("dwtest.upstash-url", upstash.url());
        properties.put("dwtest.pg-port", Integer.toString(pg.port()));
        // the JSON formatter QUARKUS_LOG_CONSOLE_JSON_ENABLED=true puts on the console, on a file the test reads
        properties.put("quarkus.log.file.enabled", "true");
        properties.put("quarkus.log.file.path", dir.resolve("driftwatch.json.log").toString());
        properties.put("quarkus.log.file.json.enabled", "true");
        properties.put("quarkus.log.file.json.exception-output-type", "formatted");
        properties.put("dwtest.json-log", dir.resolve("driftwatch.json.log").toString());
        return CONFIG.formatted(pg.port(), PostgresServer.PROJECT.resolve("config/contracts/local.json"),
                PostgresServer.MIGRATIONS, redis.port(), openai.baseUrl());
    }
}

package dev.driftwatch.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftwatch.fixtures.SmokeApp;
import dev.driftwatch.fixtures.VercelApiFixture;
import dev.driftwatch.provider.ProviderType;
import dev.driftwatch.testsupport.DaemonResource;
import dev.driftwatch.testsupport.LoopbackServer;
import dev.driftwatch.testsupport.PostgresServer;
import dev.driftwatch.testsupport.RedisServer;
import dev.driftwatch.testsupport.providers.FakeProviderServer;
import dev.driftwatch.testsupport.providers.ProviderFixtures;
import dev.driftwatch.testsupport.providers.ProviderFixtures.ListedModel;
import dev.driftwatch.testsupport.providers.ProviderFixtures.Scenario;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The monitoring stack of RealPrometheusTest, all on 127.0.0.1. Drift is injected into {@code drifted}: its
 * database lost a contract column and the record of its latest migration, its limiter's Redis URL carries a wrong
 * password (WRONGPASS: the limiter fails open), its OpenAI key is revoked (401), its OpenRouter key has spent its
 * limit, Anthropic answers 503 and a required Vercel variable is set for preview only; its deployment and smoke
 * requests (one of them limited, as it must be) are fine. {@code healthy} watches the same database without expected
 * state, the same Redis with the right password and a healthy OpenRouter key. {@code blind} and {@code blindoptional}
 * watch the same database as {@code driftwatch_ro}, a login that was disabled ({@code ALTER ROLE driftwatch_ro
 * NOLOGIN}): their schema checks cannot see; only {@code blindoptional}'s is marked {@code optional: true}. The
 * {@code previews} discovery source's http_sd endpoint answers 500. A real
 * Prometheus (Debian package) scrapes the
 * driftwatch under test every second with alerts/driftwatch.rules.yml loaded, and a real Alertmanager runs the
 * example routing of deploy/alertmanager.
 *
 * <p>The rule file Prometheus loads is a copy with every {@code for:} rewritten to {@value #FOR}, so alerts reach
 * firing within the test; the real durations are covered by the promtool tests in alerts/tests. The receivers of the
 * Alertmanager copy have no integrations, so nothing leaves the machine.
 */
public class PrometheusStackResource extends DaemonResource {
    static final String FOR = "1s";
    /**
     * The environment the drift is injected into. Its name is unlike other tests' on purpose: meters outlive a
     * Quarkus test application in the JVM, and a later test's {@code production} would find this one's gauges.
     */
    static final String ENVIRONMENT = "drifted";
    static final String HEALTHY = "healthy";
    static final String BLIND = "blind";
    static final String BLIND_OPTIONAL = "blindoptional";
    private static final String REDIS_PASSWORD = "limiter-password";
    private static final String VERCEL_TOKEN = "vercel-prometheus-token-0123456789";
    private static final String SMOKE_KEY = "sk-smoke-limited-0123456789";
    private static final String CONFIG = """
            interval: 1s
            timeout: 5s
            environments:
              drifted:
                labels: {tier: prod}
                schema:
                  url: jdbc:postgresql://127.0.0.1:%1$d/app
                  user: postgres
                  contract: %2$s
                  migrations: %3$s
                ratelimit:
                  redis: redis://default:stale-password@127.0.0.1:%4$d
                  prefix: "tokenmart:global"
                  timeout: 1s
                providers:
                  openai: {key: sk-revoked-0123456789, baseUrl: "%5$s"}
                  openrouter:
                    key: sk-or-spent-0123456789
                    baseUrl: "%6$s"
                    catalog: {creditsPerUsd: 1000, models: {"openai/gpt-4o": {inputPricePerMillion: 2000}, "x-ai/retired": {}}}
                  anthropic: {key: sk-ant-unverifiable-0123, baseUrl: "%7$s"}
                vercel:
                  baseUrl: "%9$s"
                  token: "%10$s"
                  projectId: prj_drifted
                  target: production
                  required: [NEXT_PUBLIC_APP_URL, ENCRYPTION_SECRET]
                  alias: drifted.example.com
                smoke:
                  home: {url: "%11$s/", expect: {status: 200}}
                  rate-limit:
                    url: "%11$s/api/v1/models"
                    headers: {Authorization: "Bearer %12$s"}
                    repeat: 2
                    expectLast: {status: 429}
              healthy:
                schema:
                  url: jdbc:postgresql://127.0.0.1:%1$d/app
                  user: postgres
                ratelimit:
                  redis: redis://default:%8$s@127.0.0.1:%4$d
                  prefix: "tokenmart:global"
                  timeout: 1s
                providers:
                  openrouter: {key: sk-or-healthy-0123456789, baseUrl: "%6$s"}
              blind:
                schema:
                  url: jdbc:postgresql://127.0.0.1:%1$d/app
                  user: driftwatch_ro
              blindoptional:
                schema:
                  url: jdbc:postgresql://127.0.0.1:%1$d/app
                  user: driftwatch_ro
                  optional: true
            discover:
              previews:
                http: {url: "http://127.0.0.1:%13$d/sd.json", interval: 1s}
                template:
                  schema: {url: "jdbc:postgresql://127.0.0.1:%1$d/${discovered.db}", user: postgres}
            """;

    public PrometheusStackResource() {
        super("driftwatch-prometheus-");
    }

    @Override
    protected String environments(Path dir, Map<String, String> properties) throws IOException {
        PostgresServer pg = own(PostgresServer.start());
        pg.createReferenceDatabase("app", PostgresServer.MIGRATIONS);
        // psql, not JDBC: DriverManager initialised here, under Quarkus's class loader, would hide the driver
        // from the plain JUnit tests that run after the Quarkus ones.
        pg.psql("app", List.of("-c", "ALTER TABLE public.auth_api_keys DROP COLUMN revoked CASCADE",
                "-c", "DELETE FROM supabase_migrations.schema_migrations WHERE version = (SELECT max(version) FROM supabase_migrations.schema_migrations)",
                "-c", "CREATE ROLE driftwatch_ro LOGIN", "-c", "GRANT pg_read_all_data TO driftwatch_ro",
                "-c", "ALTER ROLE driftwatch_ro NOLOGIN"));
        RedisServer redis = own(RedisServer.start("--requirepass", REDIS_PASSWORD));
        FakeProviderServer openai = own(FakeProviderServer.start(ProviderType.OPENAI)).answer("sk-revoked-0123456789", Scenario.UNAUTHORIZED_401);
        FakeProviderServer openrouter = own(FakeProviderServer.start(ProviderType.OPENROUTER))
                .answer("sk-or-spent-0123456789", Scenario.OPENROUTER_LIMIT_SPENT)
                .answer("sk-or-healthy-0123456789", Scenario.OK)
                .openRouterModels(ProviderFixtures.openRouterModels(List.of(ListedModel.priced("openai/gpt-4o", "0.0000025", "0.00001"))));
        FakeProviderServer anthropic = own(FakeProviderServer.start(ProviderType.ANTHROPIC))
                .answer("sk-ant-unverifiable-0123", Scenario.UNAVAILABLE_503);
        // Vercel: ENCRYPTION_SECRET is set for preview only (env/vercel drifts); the alias serves a READY deployment
        VercelApiFixture vercel = own(new VercelApiFixture(VERCEL_TOKEN)).project("prj_drifted", null)
                .set("prj_drifted", "NEXT_PUBLIC_APP_URL", "https://drifted.example.com", "plain", "production")
                .set("prj_drifted", "ENCRYPTION_SECRET", "preview-only-secret-0123456789", "encrypted", "preview");
        vercel.deployment("dpl_drifted", "drifted-1.vercel.app", "READY", "3333333ccccccccccccccccccccccccccccccccc");
        vercel.alias("drifted.example.com", "prj_drifted", "dpl_drifted");
        SmokeApp app = own(new SmokeApp()).key(SMOKE_KEY, 1);
        // the previews' http_sd endpoint is down (500): DriftwatchDiscoveryFailing
        com.sun.net.httpserver.HttpServer sd = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        sd.createContext("/sd.json", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(500, -1);
            }
        });
        sd.start();
        own(() -> sd.stop(0));

        Files.writeString(dir.resolve("alertmanager.yml"), alertmanagerConfig());
        Files.createDirectories(dir.resolve("alertmanager"));
        LoopbackServer alertmanager = own(LoopbackServer.start("alertmanager", dir, port -> List.of(alertmanagerBinary(),
                "--config.file=alertmanager.yml", "--storage.path=alertmanager",
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")));

        int appPort = PostgresServer.freePort();
        Files.writeString(dir.resolve("driftwatch.rules.yml"), RuleFile.withFor(FOR));
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [driftwatch.rules.yml]
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ['127.0.0.1:%d']
                scrape_configs:
                  - job_name: driftwatch
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(alertmanager.port(), appPort));
        LoopbackServer prometheus = own(LoopbackServer.start("prometheus", dir, port -> List.of("prometheus",
                "--config.file=prometheus.yml", "--storage.tsdb.path=tsdb", "--web.listen-address=127.0.0.1:" + port)));

        properties.put("quarkus.http.test-port", Integer.toString(appPort));
        // a provider answer slowed down by a loaded machine is retried within a second, not after 5m
        properties.put("driftwatch.provider.min-interval", "1s");
        properties.put("driftwatch.provider.max-requests-per-minute", "1000");
        properties.put("dwtest.prometheus-port", Integer.toString(prometheus.port()));
        properties.put("dwtest.alertmanager-port", Integer.toString(alertmanager.port()));
        return CONFIG.formatted(pg.port(), PostgresServer.PROJECT.resolve("config/contracts/local.json"),
                PostgresServer.MIGRATIONS, redis.port(), openai.baseUrl(), openrouter.baseUrl(), anthropic.baseUrl(),
                REDIS_PASSWORD, vercel.baseUrl(), VERCEL_TOKEN, app.url(), SMOKE_KEY, sd.getAddress().getPort());
    }

    /** deploy/alertmanager/alertmanager.yml with the receivers' integrations removed: routing and inhibition as shipped. */
    static String alertmanagerConfig() throws IOException {
        JsonNode config = RuleFile.YAML.readTree(PostgresServer.PROJECT.resolve("deploy/alertmanager/alertmanager.yml").toFile());
        ArrayNode receivers = RuleFile.YAML.createArrayNode();
        config.path("receivers").forEach(r -> receivers.addObject().put("name", r.path("name").asText()));
        ((ObjectNode) config).set("receivers", receivers);
        return RuleFile.YAML.writeValueAsString(config);
    }

    private static String alertmanagerBinary() {
        for (String name : List.of("prometheus-alertmanager", "alertmanager")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return name;
                }
            }
        }
        return "prometheus-alertmanager";
    }
}

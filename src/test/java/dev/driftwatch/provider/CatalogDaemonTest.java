package dev.driftwatch.provider;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.driftwatch.testsupport.Await;
import dev.driftwatch.testsupport.PostgresServer;
import dev.driftwatch.testsupport.providers.FakeProviderServer;
import dev.driftwatch.testsupport.providers.ProviderFixtures;
import dev.driftwatch.testsupport.providers.ProviderFixtures.ListedModel;
import dev.driftwatch.testsupport.providers.ProviderFixtures.Scenario;
import dev.driftwatch.testsupport.providers.ProviderTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The daemon with catalog checks: a sold model that disappears from OpenRouter's list fails the verdict within one
 * interval and passes again when it is back; the key and catalog checks of one OpenAI key share one list request per
 * minimum interval.
 */
@QuarkusTest
@WithTestResource(ProviderTestResource.class)
class CatalogDaemonTest {
    private static final Duration MODELS_MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Duration SHARED_MIN_INTERVAL = Duration.ofSeconds(2);
    /** The list's minimum interval plus the check interval and timeout, and margin for a loaded machine. */
    private static final Duration WITHIN_ONE_INTERVAL = Duration.ofMillis(1000 + 500 + 3000 + 5000);
    private static final String OPENAI_KEY = "sk-test-catalog-openai-" + java.util.UUID.randomUUID().toString().replace("-", "");
    private static final String OPENROUTER_KEY = "sk-test-catalog-openrouter-" + java.util.UUID.randomUUID().toString().replace("-", "");
    /** The test server trusts local connections, so the password is never checked: it is here to be kept secret. */
    private static final String DB_PASSWORD = "pg-catalog-" + java.util.UUID.randomUUID().toString().replace("-", "");
    private static final List<ListedModel> LISTED = List.of(ListedModel.priced("openai/gpt-4o", "0.0000025", "0.00001"),
            ListedModel.priced("anthropic/claude-sonnet-4", "0.000003", "0.000015"));

    private static PostgresServer pg;
    private static FakeProviderServer openrouter;
    private static FakeProviderServer openai;

    private static Path configFile() {
        return Path.of(ConfigProvider.getConfig().getValue("driftwatch.config", String.class));
    }

    @BeforeAll
    static void start() throws IOException {
        pg = PostgresServer.start();
        pg.createDatabase("app", null);
        pg.execute("app", """
                create table public.models (model_id text primary key, provider text not null,
                  input_price_per_million numeric, output_price_per_million numeric, active boolean not null default true)""",
                "create role reader login", "grant select on public.models to reader", """
                insert into public.models values ('openai/gpt-4o', 'openrouter', 2500, 10000, true),
                  ('anthropic/claude-sonnet-4', 'openrouter', 3000, 15000, true), ('openai/gpt-4o-mini', 'openai', 150, 600, true)""");
        openrouter = FakeProviderServer.start(ProviderType.OPENROUTER).answer(OPENROUTER_KEY, Scenario.OK)
                .openRouterModels(ProviderFixtures.openRouterModels(LISTED));
        openai = FakeProviderServer.start(ProviderType.OPENAI).answer(OPENAI_KEY, Scenario.OK)
                .lists(OPENAI_KEY, List.of("gpt-4o-mini", "gpt-4o"));
        String query = "select model_id, input_price_per_million, output_price_per_million from public.models where active and provider = '%s'";
        Files.writeString(configFile(), """
                interval: 500ms
                timeout: 3s
                environments:
                  shop:
                    schema: {url: "%1$s", user: reader, password: "%8$s"}
                    providers:
                      openrouter:
                        baseUrl: "%2$s"
                        key: "%3$s"
                        minInterval: 1s
                        catalog: {query: "%4$s", creditsPerUsd: 1000}
                  direct:
                    schema: {url: "%1$s", user: reader}
                    providers:
                      openai:
                        baseUrl: "%5$s"
                        key: "%6$s"
                        minInterval: 2s
                        catalog: {query: "%7$s"}
                """.formatted(pg.jdbcUrl("app"), openrouter.baseUrl(), OPENROUTER_KEY, query.formatted("openrouter"),
                openai.baseUrl(), OPENAI_KEY, query.formatted("openai"), DB_PASSWORD));
    }

    @AfterAll
    static void stop() throws IOException {
        Files.writeString(configFile(), ProviderTestResource.INITIAL_CONFIG);
        openrouter.close();
        openai.close();
        pg.close();
    }

    private static Response verdict(String env) {
        return given().when().get("/api/v1/environments/" + env + "/verdict");
    }

    @Test
    void aSoldModelThatDisappearsFailsTheVerdictWithinOneIntervalAndPassesWhenItIsBack() {
        Await.until(Duration.ofSeconds(30), () -> verdict("shop").statusCode(), s -> s == 200, "shop passes");
        openrouter.openRouterModels(ProviderFixtures.openRouterModels(LISTED.subList(0, 1)));
        try {
            Response failing = Await.until(WITHIN_ONE_INTERVAL, () -> verdict("shop"), r -> r.statusCode() == 503,
                    "shop fails once a sold model is gone from OpenRouter's list");
            failing.then().body("verdict", equalTo("fail")).body("reasons[0]", equalTo("catalog/openrouter: critical drift: "
                    + "anthropic/claude-sonnet-4 is not in openrouter's model list: requests for it fail upstream"));
        } finally {
            openrouter.openRouterModels(ProviderFixtures.openRouterModels(LISTED));
        }
        Await.until(WITHIN_ONE_INTERVAL, () -> verdict("shop").statusCode(), s -> s == 200, "shop passes again");
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).contains("driftwatch_catalog_models{environment=\"shop\",provider=\"openrouter\"} 2.0")
                .contains("driftwatch_catalog_missing{environment=\"shop\",provider=\"openrouter\"} 0.0")
                .contains("driftwatch_catalog_unprofitable{environment=\"shop\",provider=\"openrouter\"} 0.0");
    }

    @Test
    void keyAndCatalogChecksShareOneListRequestPerMinimumInterval() {
        List<Instant> arrivals = Await.until(Duration.ofSeconds(30), () -> openai.arrivals(OPENAI_KEY), a -> a.size() >= 3,
                "three minimum intervals of the OpenAI key");
        for (int i = 1; i < arrivals.size(); i++) {
            // Both checks run every 500ms; only the minimum interval lets a request through, for the two together.
            assertThat(Duration.between(arrivals.get(i - 1), arrivals.get(i)))
                    .as("time between list requests %d and %d for the key of provider/openai and catalog/openai", i, i + 1)
                    .isGreaterThanOrEqualTo(SHARED_MIN_INTERVAL.minusMillis(100));
        }
        given().get("/api/v1/environments/direct").then().statusCode(200)
                .body("checks.find { it.id == 'catalog/openai' }.observation.outcome", equalTo("ok"))
                .body("checks.find { it.id == 'provider/openai' }.observation.outcome", equalTo("ok"));
        // OpenRouter's model list is a request of its own (its key check asks GET /key), also once per minimum interval.
        List<Instant> lists = Await.until(Duration.ofSeconds(30), openrouter::modelListArrivals, a -> a.size() >= 3,
                "three minimum intervals of OpenRouter's model list");
        for (int i = 1; i < lists.size(); i++) {
            assertThat(Duration.between(lists.get(i - 1), lists.get(i))).as("time between model list requests %d and %d", i, i + 1)
                    .isGreaterThanOrEqualTo(MODELS_MIN_INTERVAL.minusMillis(100));
        }
    }

    @Test
    void noKeyOrDatabasePasswordAppearsInAnythingDriftwatchSays() throws IOException {
        Await.until(Duration.ofSeconds(30), () -> given().get("/api/v1/environments/shop").then().extract()
                .<List<Object>>path("checks.observation"), obs -> obs.stream().allMatch(o -> o != null), "shop observed");
        StringBuilder said = new StringBuilder(given().get("/q/metrics").asString());
        for (String env : List.of("shop", "direct")) {
            for (String suffix : List.of("", "/verdict", "/history")) {
                said.append(given().get("/api/v1/environments/" + env + suffix).asString());
            }
        }
        said.append(Files.readString(Path.of(ConfigProvider.getConfig().getValue("dwtest.log-file", String.class))));
        assertThat(said.toString()).as("API bodies, metrics and the DEBUG log").contains("catalog/openrouter")
                .doesNotContain(OPENAI_KEY).doesNotContain(OPENROUTER_KEY).doesNotContain(DB_PASSWORD);
    }
}

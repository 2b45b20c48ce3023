package dev.driftwatch.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.EnvironmentsFileParser;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Measurement;
import dev.driftwatch.probe.Outcome;
import dev.driftwatch.probe.Probe;
import dev.driftwatch.probe.ProbeResult;
import dev.driftwatch.schema.SchemaCheckGroup;
import dev.driftwatch.testsupport.PostgresServer;
import dev.driftwatch.testsupport.providers.FakeProviderServer;
import dev.driftwatch.testsupport.providers.ProviderFixtures;
import dev.driftwatch.testsupport.providers.ProviderFixtures.ListedModel;
import dev.driftwatch.testsupport.providers.ProviderFixtures.Scenario;
import dev.driftwatch.testsupport.providers.ProviderTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catalog check against a real PostgreSQL holding the app's {@code models} table and fake providers answering
 * their documented model lists. Each test has its own fake and verifier, so nothing is cached across tests.
 */
@QuarkusTest
@WithTestResource(ProviderTestResource.class)
class CatalogProbeTest {
    private static PostgresServer pg;

    @Inject
    ProviderApi api;
    @Inject
    SchemaCheckGroup schemaKind;

    private final List<FakeProviderServer> fakes = new ArrayList<>();

    @BeforeAll
    static void startDatabase() {
        pg = PostgresServer.start();
        pg.createDatabase("app", null);
        pg.execute("app", """
                create table public.models (model_id text primary key, provider text not null, display_name text,
                  input_price_per_million numeric, output_price_per_million numeric, context_length integer,
                  max_output_tokens integer, active boolean not null default true)""",
                "create role reader login", "create role outsider login",
                "grant select on public.models to reader",
                // The app sells these; the provider column is how the app routes them.
                """
                insert into public.models values
                  ('openai/gpt-4o', 'openrouter', 'GPT-4o', 2500, 10000, 128000, 16384, true),
                  ('anthropic/claude-sonnet-4', 'openrouter', 'Claude Sonnet 4', 3000, 15000, 200000, 64000, true),
                  ('mistralai/retired-model', 'openrouter', 'Retired', 100, 100, 32000, 4096, true),
                  ('old/inactive', 'openrouter', 'Inactive', 1, 1, 1, 1, false),
                  ('openai/gpt-4o-mini', 'openai', 'GPT-4o mini', 150, 600, null, null, true),
                  ('openai/gpt-4-32k', 'openai', 'GPT-4 32k', 60000, 120000, null, null, true),
                  ('claude-sonnet-4-20250514', 'anthropic', 'Claude Sonnet 4', 3000, 15000, null, null, true)""");
    }

    @AfterAll
    static void stopDatabase() {
        pg.close();
    }

    @AfterEach
    void stopFakes() {
        fakes.forEach(FakeProviderServer::close);
        fakes.clear();
    }

    private FakeProviderServer fake(ProviderType type) {
        FakeProviderServer f = FakeProviderServer.start(type);
        fakes.add(f);
        return f;
    }

    private static String key() {
        return "sk-test-catalog-" + UUID.randomUUID().toString().replace("-", "");
    }

    private ProviderCheckGroup kind() {
        Clock clock = Clock.systemUTC();
        return new ProviderCheckGroup(api, Duration.ofHours(1), new KeyVerifier(clock, new OutboundBudget(1000, clock), Duration.ofHours(1)));
    }

    private MonitorConfig parse(ProviderCheckGroup kind, String yaml) {
        return new EnvironmentsFileParser(List.of(kind, schemaKind), Map.<String, String>of()::get, Duration.ofSeconds(30),
                Duration.ofSeconds(5)).parse(yaml, Path.of("."));
    }

    /** An environment whose database is the test server, read as {@code user}, with one provider entry. */
    private String environment(String user, ProviderType type, FakeProviderServer fake, String key, String catalog) {
        return """
                environments:
                  test:
                    schema: {url: "%s", user: %s}
                    providers:
                      %s:
                        baseUrl: "%s"
                        key: "%s"
                        catalog: %s
                """.formatted(pg.jdbcUrl("app"), user, type.label(), fake.baseUrl(), key, catalog);
    }

    private static String query(String provider) {
        return "{query: \"select model_id, input_price_per_million, output_price_per_million, context_length, max_output_tokens"
                + " from public.models where active and provider = '" + provider + "'\"";
    }

    private static ProbeResult run(ProviderCheckGroup kind, MonitorConfig config, String id) throws Exception {
        CheckDefinition check = config.environment("test").orElseThrow().checks().stream()
                .filter(c -> c.id().equals(id)).findFirst().orElseThrow();
        try (Probe probe = kind.newProbe(check)) {
            return probe.probe(check.timeout());
        }
    }

    private static double measured(ProbeResult r, String name) {
        return r.measurements().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow().value();
    }

    /** OpenRouter lists the two models the app sells at its prices (2500/10000 and 3000/15000 credits at 1000 per USD). */
    private static List<ListedModel> openRouterAtAppPrices() {
        return List.of(ListedModel.priced("openai/gpt-4o", "0.0000025", "0.00001"),
                ListedModel.priced("anthropic/claude-sonnet-4", "0.000003", "0.000015"),
                ListedModel.priced("mistralai/retired-model", "0.0000001", "0.0000001"));
    }

    private ProbeResult openRouter(String user, List<ListedModel> listed, String extra) throws Exception {
        FakeProviderServer fake = fake(ProviderType.OPENROUTER).openRouterModels(ProviderFixtures.openRouterModels(listed));
        ProviderCheckGroup kind = kind();
        return run(kind, parse(kind, environment(user, ProviderType.OPENROUTER, fake, key(),
                query("openrouter") + ", creditsPerUsd: 1000" + extra + "}")), "catalog/openrouter");
    }

    @Test
    void aModelRemovedAtOpenRouterIsCriticalAndNamed() throws Exception {
        ProbeResult r = openRouter("reader", openRouterAtAppPrices().subList(0, 2), "");
        assertThat(r.outcome()).isEqualTo(Outcome.DRIFT);
        assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(r.reason()).isEqualTo("mistralai/retired-model is not in openrouter's model list: requests for it fail upstream");
        assertThat(measured(r, "catalog_models")).isEqualTo(3);
        assertThat(measured(r, "catalog_missing")).isEqualTo(1);
        assertThat(measured(r, "catalog_unprofitable")).isEqualTo(0);
        assertThat(r.details()).containsEntry("modelsSold", 3).containsEntry("modelsListed", 2);
    }

    @Test
    void anOpenRouterPriceRaisedAboveTheAppsIsCriticalWithBothPricesAndTheLoss() throws Exception {
        List<ListedModel> listed = new ArrayList<>(openRouterAtAppPrices());
        listed.set(0, ListedModel.priced("openai/gpt-4o", "0.000003", "0.00001"));
        ProbeResult r = openRouter("reader", listed, "");
        assertThat(r.outcome()).isEqualTo(Outcome.DRIFT);
        assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(r.reason()).isEqualTo("openai/gpt-4o input: openrouter charges 3000 credits per million tokens ($3 × 1000 "
                + "credits/USD), the app charges 2500: a loss of 500 credits per million tokens");
        assertThat(measured(r, "catalog_unprofitable")).isEqualTo(1);
        assertThat(r.measurements()).contains(new Measurement(ProviderSeries.CATALOG_MARGIN,
                Map.of("provider", "openrouter", "model", "openai/gpt-4o", "direction", "input"), -0.2));
        assertThat(r.measurements()).filteredOn(m -> m.name().equals("catalog_margin")).hasSize(1);
    }

    @Test
    void pricesWithinTheMarginAreOk() throws Exception {
        ProbeResult equal = openRouter("reader", openRouterAtAppPrices(), "");
        assertThat(equal.outcome()).as(equal.reason()).isEqualTo(Outcome.OK);
        assertThat(equal.reason()).isEqualTo("3 models sold, all listed by openrouter at a price within the margin");
        assertThat(equal.measurements()).noneMatch(m -> m.name().equals("catalog_margin"));

        List<ListedModel> cheaper = List.of(ListedModel.priced("openai/gpt-4o", "0.00000225", "0.000009"),
                ListedModel.priced("anthropic/claude-sonnet-4", "0.0000027", "0.0000135"),
                ListedModel.priced("mistralai/retired-model", "0.00000009", "0.00000009"));
        assertThat(openRouter("reader", cheaper, ", minMargin: 10%").outcome()).isEqualTo(Outcome.OK);
        ProbeResult thin = openRouter("reader", cheaper, ", minMargin: 11%");
        assertThat(thin.outcome()).isEqualTo(Outcome.DRIFT);
        assertThat(thin.reason()).startsWith("openai/gpt-4o input: openrouter charges 2250 credits per million tokens")
                .contains("the app charges 2500: a margin of 10%, below minMargin 11%");
    }

    @Test
    void limitsAboveTheProvidersAndARetirementDateWarn() throws Exception {
        List<ListedModel> listed = List.of(new ListedModel("openai/gpt-4o", "0.0000025", "0.00001", 64000, 16384L, null),
                new ListedModel("anthropic/claude-sonnet-4", "0.000003", "0.000015", 200000, 8192L, null),
                new ListedModel("mistralai/retired-model", "0.0000001", "0.0000001", 32000, 4096L, "2026-12-31"));
        ProbeResult r = openRouter("reader", listed, "");
        assertThat(r.outcome()).isEqualTo(Outcome.DRIFT);
        assertThat(r.severity()).isEqualTo(Severity.WARNING);
        assertThat(r.reason()).isEqualTo("openai/gpt-4o: the app offers a context length of 128000, openrouter serves at most 64000: "
                + "longer requests fail upstream; anthropic/claude-sonnet-4: the app offers a max output tokens of 64000, openrouter "
                + "serves at most 8192: longer requests fail upstream; openrouter retires mistralai/retired-model on 2026-12-31: "
                + "requests for it fail from then on");
    }

    @Test
    void openRouterDownIsUnknownAndShowsNoFinding() throws Exception {
        FakeProviderServer fake = fake(ProviderType.OPENROUTER)
                .openRouterModels(ProviderFixtures.answer(ProviderType.OPENROUTER, Scenario.UNAVAILABLE_503, null));
        ProviderCheckGroup kind = kind();
        ProbeResult r = run(kind, parse(kind, environment("reader", ProviderType.OPENROUTER, fake, key(),
                query("openrouter") + ", creditsPerUsd: 1000}")), "catalog/openrouter");
        assertThat(r.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(r.reason()).isEqualTo("cannot read openrouter's model list, so the app's catalog is not judged: cannot read the "
                + "model list: openrouter answered 503 to GET /api/v1/models");
        assertThat(r.measurements()).isEmpty();
        assertThat(fake.modelListRequests()).isEqualTo(1);
    }

    @Test
    void aTableWithoutGrantIsUnknownNamingTheGrant() throws Exception {
        ProbeResult r = openRouter("outsider", openRouterAtAppPrices(), "");
        assertThat(r.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(r.reason()).startsWith("cannot read the app's catalog on 127.0.0.1:" + pg.port() + "/app: ")
                .contains("permission denied for table models")
                .endsWith("(grant select on public.models to outsider)");
    }

    /** A provider whose key check lists {@code ids}, and the app's rows for that provider on the test database. */
    private record Listing(FakeProviderServer fake, String key, ProviderCheckGroup kind, MonitorConfig config) {
    }

    private Listing listing(ProviderType type, List<String> ids) {
        FakeProviderServer fake = fake(type);
        String key = key();
        fake.answer(key, Scenario.OK).lists(key, ids);
        ProviderCheckGroup kind = kind();
        return new Listing(fake, key, kind, parse(kind, environment("reader", type, fake, key, query(type.label()) + "}")));
    }

    @Test
    void openAiIsCheckedForExistenceByBareIdAndSharesTheKeyChecksRequest() throws Exception {
        Listing openai = listing(ProviderType.OPENAI, List.of("gpt-4o-mini", "text-embedding-3-small"));
        ProbeResult keyCheck = run(openai.kind(), openai.config(), "provider/openai");
        ProbeResult catalog = run(openai.kind(), openai.config(), "catalog/openai");
        assertThat(keyCheck.outcome()).isEqualTo(Outcome.OK);
        assertThat(openai.fake().requests(openai.key())).as("list requests for key and catalog checks together").isEqualTo(1);
        assertThat(catalog.outcome()).isEqualTo(Outcome.DRIFT);
        assertThat(catalog.reason()).isEqualTo("openai/gpt-4-32k is not in openai's model list (as gpt-4-32k): requests for it fail upstream");
        assertThat(catalog.details()).containsEntry("cached", true).containsEntry("prices",
                "not compared: openai's model list publishes no prices, so models are checked for existence only");
        assertThat(catalog.reason() + catalog.details()).doesNotContain(openai.key());
    }

    @Test
    void anthropicIsCheckedForExistenceFromItsFullPage() throws Exception {
        Listing anthropic = listing(ProviderType.ANTHROPIC, List.of("claude-opus-4-20250514", "claude-sonnet-4-20250514"));
        ProbeResult catalog = run(anthropic.kind(), anthropic.config(), "catalog/anthropic");
        assertThat(catalog.outcome()).as(catalog.reason()).isEqualTo(Outcome.OK);
        assertThat(catalog.reason()).isEqualTo("1 models sold, all listed by anthropic (existence only: anthropic publishes no prices)");
        assertThat(run(anthropic.kind(), anthropic.config(), "provider/anthropic").outcome()).isEqualTo(Outcome.OK);
        assertThat(anthropic.fake().requests(anthropic.key())).isEqualTo(1);
    }

    @Test
    void aStaticModelsListNeedsNoDatabase() throws Exception {
        FakeProviderServer fake = fake(ProviderType.OPENROUTER).openRouterModels(ProviderFixtures.openRouterModels(openRouterAtAppPrices()));
        ProviderCheckGroup kind = kind();
        MonitorConfig config = parse(kind, """
                environments:
                  test:
                    providers:
                      openrouter:
                        baseUrl: "%s"
                        key: "%s"
                        catalog:
                          creditsPerUsd: 1000
                          models:
                            "openai/gpt-4o": {inputPricePerMillion: 2000, outputPricePerMillion: 10000}
                            "x-ai/not-listed": {}
                """.formatted(fake.baseUrl(), key()));
        ProbeResult r = run(kind, config, "catalog/openrouter");
        assertThat(r.reason()).isEqualTo("openai/gpt-4o input: openrouter charges 2500 credits per million tokens ($2.5 × 1000 "
                + "credits/USD), the app charges 2000: a loss of 500 credits per million tokens; "
                + "x-ai/not-listed is not in openrouter's model list: requests for it fail upstream");
    }
}

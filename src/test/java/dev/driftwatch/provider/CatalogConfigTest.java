package dev.driftwatch.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.MonitorConfig;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** {@code catalog:} in a provider entry: the check it yields, its defaults, and an error naming the path for every bad value. */
class CatalogConfigTest {

    @Test
    void aStaticCatalogYieldsACatalogCheckBesideTheKeyCheck() {
        MonitorConfig config = ProviderConfigTest.parse("""
                environments:
                  production:
                    providers:
                      openrouter:
                        key: sk-or-1
                        minInterval: 10m
                        severity: warning
                        catalog:
                          creditsPerUsd: 1000
                          minMargin: 12.5%
                          models:
                            "openai/gpt-4o": {inputPricePerMillion: 2500, outputPricePerMillion: 10000, contextLength: 128000}
                            "x-ai/grok": {}
                      openai: {key: sk-1}
                """);
        assertThat(config.checks()).extracting(CheckDefinition::id).containsExactly("provider/openrouter", "catalog/openrouter", "provider/openai");
        CheckDefinition check = config.checks().get(1);
        assertThat(check.severityOverride()).isTrue();
        CatalogSettings s = (CatalogSettings) check.settings();
        assertThat(s.minMargin()).isEqualByComparingTo("0.125");
        assertThat(s.creditsPerUsd()).isEqualByComparingTo("1000");
        assertThat(s.minInterval()).hasMinutes(10);
        assertThat(s.query()).isNull();
        assertThat(s.models()).containsExactly(
                new SoldModel("openai/gpt-4o", new BigDecimal("2500"), new BigDecimal("10000"), 128000L, null),
                new SoldModel("x-ai/grok", null, null, null, null));
        assertThat(s.listKey().path()).isEqualTo("/models");
        assertThat(s.listKey().key().isEmpty()).as("OpenRouter's model list is asked without the key").isTrue();
    }

    @Test
    void everyBadValueIsAnErrorNamingItsPath() {
        assertThat(ProviderConfigTest.errors("""
                environments:
                  production:
                    providers:
                      openrouter: {key: k, catalog: {query: "select model_id from public.models", minMargin: 100%, limit: 3}}
                      openai: {key: k, catalog: {query: "select 1", models: {"gpt-4o": {}}, creditsPerUsd: -1}}
                      anthropic: {key: k, catalog: {models: {"claude": {price: 1, contextLength: 1.5}}}}
                      gemini: {key: k, catalog: {models: {"gemini-2.0-flash": {}}, minMargin: lots}}
                """)).containsExactlyInAnyOrder(
                "environments.production.providers.openrouter.catalog.limit: unknown key (expected one of creditsPerUsd, minMargin, models, query)",
                "environments.production.providers.openrouter.catalog.query: needs a schema: group with url in environment production "
                        + "(the query runs on its connection), or use models: for a static list",
                "environments.production.providers.openrouter.catalog.creditsPerUsd: required for openrouter, whose list carries prices: "
                        + "how many of the app's credits one US dollar is",
                "environments.production.providers.openrouter.catalog.minMargin: must be at least 0% and below 100%",
                "environments.production.providers.openai.catalog: set either query (run on the environment's schema connection) "
                        + "or models (a static list)",
                "environments.production.providers.openai.catalog.creditsPerUsd: must not be negative",
                "environments.production.providers.openai.catalog.creditsPerUsd: must be greater than zero",
                "environments.production.providers.anthropic.catalog.models.claude.price: unknown key (expected one of contextLength, "
                        + "inputPricePerMillion, maxOutputTokens, outputPricePerMillion)",
                "environments.production.providers.anthropic.catalog.models.claude.contextLength: must be a whole number of tokens",
                "environments.production.providers.gemini.catalog: not supported for gemini: its list request asks for one model only",
                "environments.production.providers.gemini.catalog.minMargin: 'lots' is not a percentage such as 10%");
    }

    @Test
    void modelIdsAreMappedAsTheAppRoutesThem() {
        assertThat(CatalogComparison.providerId(ProviderType.OPENROUTER, "openai/gpt-4o")).isEqualTo("openai/gpt-4o");
        assertThat(CatalogComparison.providerId(ProviderType.OPENAI, "openai/gpt-4o")).isEqualTo("gpt-4o");
        assertThat(CatalogComparison.providerId(ProviderType.ANTHROPIC, "anthropic/claude-sonnet-4-20250514")).isEqualTo("claude-sonnet-4-20250514");
        assertThat(CatalogComparison.providerId(ProviderType.ANTHROPIC, "claude-sonnet-4-20250514")).isEqualTo("claude-sonnet-4-20250514");
    }
}

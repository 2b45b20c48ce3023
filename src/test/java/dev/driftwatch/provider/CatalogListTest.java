package dev.driftwatch.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.Secret;
import dev.driftwatch.testsupport.providers.ProviderFixtures;
import dev.driftwatch.testsupport.providers.ProviderFixtures.ListedModel;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The provider lists as the fixtures serve them (each citing its doc), read into a {@link ModelList}. */
class CatalogListTest {

    @Test
    void openRoutersListCarriesPricesLimitsAndRetirementDates() {
        ModelList list = ModelList.parse(ProviderType.OPENROUTER, ProviderFixtures.openRouterModels(List.of(
                new ListedModel("openai/gpt-4o", "0.0000025", "0.00001", 128000, null, null),
                new ListedModel("x-ai/old", "0", "0", 8192, 2048L, "2026-12-31"))).body());
        assertThat(list.complete()).isTrue();
        assertThat(list.priced()).isTrue();
        assertThat(list.get("openai/gpt-4o")).isEqualTo(new ProviderModel("openai/gpt-4o", new BigDecimal("0.0000025"),
                new BigDecimal("0.00001"), 128000L, null, null));
        assertThat(list.get("x-ai/old").expirationDate()).isEqualTo("2026-12-31");
        assertThat(list.get("x-ai/old").maxCompletionTokens()).isEqualTo(2048L);
    }

    @Test
    void listsByIdAreCompleteUnlessMorePagesFollow() {
        ModelList openai = ModelList.parse(ProviderType.OPENAI, ProviderFixtures.modelList(ProviderType.OPENAI, List.of("gpt-4o")).body());
        assertThat(openai.models()).containsOnlyKeys("gpt-4o");
        assertThat(openai.complete()).isTrue();
        assertThat(openai.priced()).isFalse();
        ModelList together = ModelList.parse(ProviderType.TOGETHER, ProviderFixtures.modelList(ProviderType.TOGETHER, List.of("m/a")).body());
        assertThat(together.models()).containsOnlyKeys("m/a");
        ModelList paged = ModelList.parse(ProviderType.ANTHROPIC, """
                {"data": [{"type": "model", "id": "claude-a", "display_name": "A", "created_at": "2025-05-22T00:00:00Z"}],
                 "has_more": true, "first_id": "claude-a", "last_id": "claude-a"}""");
        assertThat(paged.complete()).isFalse();
        assertThat(ModelList.parse(ProviderType.OPENAI, ProviderFixtures.malformed(ProviderType.OPENAI).body())).isNull();
        assertThat(ModelList.parse(ProviderType.OPENAI, "{\"object\": \"list\"}")).isNull();
    }

    @Test
    void aModelAbsentFromAnIncompleteListIsUnconfirmedNotMissing() {
        CatalogSettings settings = new CatalogSettings("anthropic", ProviderType.ANTHROPIC, URI.create("https://api.anthropic.com"),
                new Secret("k"), Duration.ofMinutes(5), null, null, List.of(), null, BigDecimal.ZERO);
        ModelList paged = ModelList.parse(ProviderType.ANTHROPIC, """
                {"data": [{"type": "model", "id": "claude-a"}], "has_more": true, "first_id": "claude-a", "last_id": "claude-a"}""");
        CatalogComparison.Result r = CatalogComparison.compare(settings,
                List.of(new SoldModel("claude-a", null, null, null, null), new SoldModel("anthropic/claude-b", null, null, null, null)), paged);
        assertThat(r.findings()).isEmpty();
        assertThat(r.unconfirmed()).containsExactly("anthropic/claude-b");
    }
}

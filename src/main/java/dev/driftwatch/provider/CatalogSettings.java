package dev.driftwatch.provider;

import dev.driftwatch.platform.postgres.PostgresDatabase;
import dev.driftwatch.config.HasSecrets;
import dev.driftwatch.config.Secret;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog check of one provider entry: where the app's catalog comes from (a query on the environment's database
 * or a static list) and how its credit prices compare with the provider's US-dollar prices.
 *
 * @param query         the query that lists the models the app sells for this provider, or null with {@code models}
 * @param database      where {@code query} runs; null with {@code models}
 * @param models        the static catalog, or null with {@code query}
 * @param creditsPerUsd how many of the app's credits one US dollar is; null where prices are not compared
 * @param minMargin     the least share of the app's price that must stay above the provider's (0 to below 1)
 */
public record CatalogSettings(String name, ProviderType type, URI baseUrl, Secret key, Duration minInterval, String query,
                              PostgresDatabase database, List<SoldModel> models, BigDecimal creditsPerUsd, BigDecimal minMargin)
        implements HasSecrets {

    /** The request whose answer lists the provider's models: the key check's own, except OpenRouter's public list. */
    ProviderKey listKey() {
        return type == ProviderType.OPENROUTER
                ? new ProviderKey(type, baseUrl, new Secret(""), ProviderApi.OPENROUTER_MODELS)
                : new ProviderKey(type, baseUrl, key);
    }

    @Override
    public List<Secret> secrets() {
        List<Secret> out = new ArrayList<>(List.of(key));
        if (database != null) {
            out.add(database.password());
        }
        return out;
    }
}

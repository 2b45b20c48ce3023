package dev.driftwatch.provider;

import java.math.BigDecimal;

/**
 * One model in a provider's own list.
 *
 * @param promptUsdPerToken     the price of an input token in US dollars, or null where the list publishes none
 * @param completionUsdPerToken the price of an output token in US dollars, or null
 * @param contextLength         the provider's context window in tokens, or null
 * @param maxCompletionTokens   the most output tokens the provider serves per request, or null
 * @param expirationDate        the day the provider retires the model as its list says it ({@code 2026-11-08}), or null
 */
record ProviderModel(String id, BigDecimal promptUsdPerToken, BigDecimal completionUsdPerToken, Long contextLength,
                     Long maxCompletionTokens, String expirationDate) {

    static ProviderModel named(String id) {
        return new ProviderModel(id, null, null, null, null, null);
    }
}

package dev.driftwatch.provider;

import dev.driftwatch.probe.Series;

/** The series the provider check sets, labelled with the entry's name under {@code providers:}. */
final class ProviderSeries {
    static final Series KEY_VALID = Series.gauge("provider_key_valid", "",
            "1 when the provider accepted the key (also when its quota is exhausted), 0 when it rejected it or the key is empty",
            "provider");
    static final Series QUOTA_EXHAUSTED = Series.gauge("provider_quota_exhausted", "",
            "1 when the key's quota or credit is exhausted, else 0", "provider");
    static final Series HTTP_STATUS = Series.gauge("provider_http_status", "",
            "HTTP status of the provider's latest answer; 0 when no response arrived", "provider");
    static final Series CREDIT_LIMIT = Series.gauge("provider_credit_limit", "",
            "OpenRouter: the key's credit limit (USD)", "provider");
    static final Series CREDIT_USAGE = Series.gauge("provider_credit_usage", "",
            "OpenRouter: credit used by the key (USD)", "provider");
    static final Series CREDIT_REMAINING = Series.gauge("provider_credit_remaining", "",
            "OpenRouter: credit left under the limit (USD)", "provider");
    static final Series CATALOG_MODELS = Series.gauge("catalog_models", "",
            "Models the app sells through this provider (its catalog)", "provider");
    static final Series CATALOG_MISSING = Series.gauge("catalog_missing", "",
            "Sold models the provider does not list", "provider");
    static final Series CATALOG_UNPROFITABLE = Series.gauge("catalog_unprofitable", "",
            "Sold models priced at the provider above the app's price less minMargin", "provider");
    static final Series CATALOG_MARGIN = Series.gauge("catalog_margin", "",
            "The app's margin as a share of its price (negative: a loss), by direction input or output", "provider", "model", "direction");

    private ProviderSeries() {
    }
}

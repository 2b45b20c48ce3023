package dev.driftwatch.provider;

import dev.driftwatch.platform.postgres.PostgresDatabase;
import dev.driftwatch.config.ConfigNode;
import dev.driftwatch.config.GroupContext;
import dev.driftwatch.config.Secret;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the {@code catalog:} mapping of a provider entry into {@link CatalogSettings}. */
final class CatalogConfig {
    static final Set<String> KEYS = Set.of("query", "models", "creditsPerUsd", "minMargin");
    private static final Set<String> MODEL_KEYS = Set.of("inputPricePerMillion", "outputPricePerMillion", "contextLength", "maxOutputTokens");

    private CatalogConfig() {
    }

    /** The catalog settings of {@code entry}, or null (with errors recorded) when they cannot be read. */
    static CatalogSettings read(ConfigNode entry, String name, ProviderType type, URI baseUrl, Secret key, Duration minInterval,
                                GroupContext context) {
        Optional<ConfigNode> found = entry.object("catalog", false);
        if (found.isEmpty()) {
            return null;
        }
        ConfigNode node = found.get();
        node.allowOnly(KEYS);
        if (type == ProviderType.GEMINI) {
            node.error(null, "not supported for gemini: its list request asks for one model only");
        }
        if (type != ProviderType.OPENROUTER && entry.has("keyFromVercel")) {
            node.error(null, "needs key (not keyFromVercel) for " + (type == null ? name : type.label())
                    + ": the model list is read with the key");
        }
        String query = node.optString("query").map(String::trim).orElse(null);
        List<SoldModel> models = node.has("models") ? models(node) : null;
        PostgresDatabase database = null;
        if ((query == null) == (models == null)) {
            node.error(null, "set either query (run on the environment's schema connection) or models (a static list)");
        } else if (query != null) {
            if (query.isEmpty()) {
                node.error("query", "must not be empty");
            }
            database = database(node, context);
        }
        BigDecimal creditsPerUsd = decimal(node, "creditsPerUsd");
        if (creditsPerUsd != null && creditsPerUsd.signum() <= 0) {
            node.error("creditsPerUsd", "must be greater than zero");
        }
        if (creditsPerUsd == null && type == ProviderType.OPENROUTER) {
            node.error("creditsPerUsd", "required for openrouter, whose list carries prices: how many of the app's credits one US dollar is");
        }
        BigDecimal minMargin = margin(node);
        return new CatalogSettings(name, type == null ? ProviderType.OPENAI_COMPATIBLE : type, baseUrl, key, minInterval, query,
                database, models, creditsPerUsd, minMargin);
    }

    private static PostgresDatabase database(ConfigNode node, GroupContext context) {
        Optional<ConfigNode> schema = context.sibling("schema");
        if (schema.isEmpty() || !schema.get().has("url")) {
            node.error("query", "needs a schema: group with url in environment " + context.environment()
                    + " (the query runs on its connection), or use models: for a static list");
            return null;
        }
        ConfigNode s = schema.get();
        return new PostgresDatabase(s.optString("url").orElse(""), s.optString("user").orElse(null),
                s.optSecret("password").orElse(new Secret("")));
    }

    /** {@code models:} maps each model id the app sells to its prices and limits ({@code {}} for existence only). */
    private static List<SoldModel> models(ConfigNode node) {
        if (!node.isMapping("models")) {
            node.error("models", "must be a mapping of model ids, for example {\"openai/gpt-4o\": {inputPricePerMillion: 2500}}");
            return List.of();
        }
        List<SoldModel> out = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> e : node.object("models", true).orElseThrow().fields().entrySet()) {
            ConfigNode m = e.getValue();
            if (!m.isObject()) {
                m.error(null, "must be a mapping (" + String.join(", ", MODEL_KEYS) + "), {} for existence only");
                continue;
            }
            m.allowOnly(MODEL_KEYS);
            out.add(new SoldModel(e.getKey(), decimal(m, "inputPricePerMillion"), decimal(m, "outputPricePerMillion"),
                    whole(m, "contextLength"), whole(m, "maxOutputTokens")));
        }
        if (out.isEmpty()) {
            node.error("models", "must list at least one model");
        }
        return List.copyOf(out);
    }

    private static BigDecimal decimal(ConfigNode node, String key) {
        Optional<String> text = node.optString(key);
        if (text.isEmpty()) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(text.get().trim());
            if (d.signum() < 0) {
                node.error(key, "must not be negative");
            }
            return d;
        } catch (NumberFormatException e) {
            node.error(key, "'" + text.get() + "' is not a number");
            return null;
        }
    }

    private static Long whole(ConfigNode node, String key) {
        BigDecimal d = decimal(node, key);
        if (d == null) {
            return null;
        }
        try {
            return d.longValueExact();
        } catch (ArithmeticException e) {
            node.error(key, "must be a whole number of tokens");
            return null;
        }
    }

    /** {@code minMargin}: a percentage ({@code 10%}) or a fraction ({@code 0.1}), at least 0 and below 100%. */
    private static BigDecimal margin(ConfigNode node) {
        Optional<String> text = node.optString("minMargin").map(String::trim);
        if (text.isEmpty()) {
            return BigDecimal.ZERO;
        }
        String t = text.get();
        try {
            BigDecimal m = t.endsWith("%") ? new BigDecimal(t.substring(0, t.length() - 1).trim()).movePointLeft(2) : new BigDecimal(t);
            if (m.signum() < 0 || m.compareTo(BigDecimal.ONE) >= 0) {
                node.error("minMargin", "must be at least 0% and below 100%");
                return BigDecimal.ZERO;
            }
            return m;
        } catch (NumberFormatException e) {
            node.error("minMargin", "'" + t + "' is not a percentage such as 10%");
            return BigDecimal.ZERO;
        }
    }
}

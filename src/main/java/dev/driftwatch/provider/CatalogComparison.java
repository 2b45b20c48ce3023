package dev.driftwatch.provider;

import dev.driftwatch.config.Severity;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compares the models the app sells with the provider's list: existence, prices, limits, retirement. */
final class CatalogComparison {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /**
     * What the comparison found, the sold models the list could not confirm (incomplete list), and the margin of every
     * priced model and direction (keyed by the model id, a NUL character and the direction) as a fraction of the app's price.
     */
    record Result(List<CatalogFinding> findings, List<String> unconfirmed, Map<String, BigDecimal> margins) {
    }

    private CatalogComparison() {
    }

    /**
     * The provider's id for a model id of the app, as the app routes it: OpenRouter takes the app's slash id
     * ({@code openai/gpt-4o}); every other provider the bare id after the slash ({@code gpt-4o}).
     */
    static String providerId(ProviderType type, String appId) {
        int slash = appId.indexOf('/');
        return type == ProviderType.OPENROUTER || slash < 0 ? appId : appId.substring(slash + 1);
    }

    static Result compare(CatalogSettings s, List<SoldModel> sold, ModelList list) {
        List<CatalogFinding> out = new ArrayList<>();
        List<String> unconfirmed = new ArrayList<>();
        Map<String, BigDecimal> margins = new LinkedHashMap<>();
        String who = s.name();
        for (SoldModel m : sold) {
            String id = providerId(s.type(), m.id());
            ProviderModel p = list.get(id);
            if (p == null) {
                if (list.complete()) {
                    out.add(CatalogFinding.of(m.id(), "missing", Severity.CRITICAL, m.id() + " is not in " + who + "'s model list"
                            + (id.equals(m.id()) ? "" : " (as " + id + ")") + ": requests for it fail upstream"));
                } else {
                    unconfirmed.add(m.id());
                }
                continue;
            }
            if (list.priced() && s.creditsPerUsd() != null) {
                price(s, m, "input", m.inputPerMillion(), p.promptUsdPerToken(), out, margins);
                price(s, m, "output", m.outputPerMillion(), p.completionUsdPerToken(), out, margins);
            }
            limit(who, m, "context_length", "context length", m.contextLength(), p.contextLength(), out);
            limit(who, m, "max_output_tokens", "max output tokens", m.maxOutputTokens(), p.maxCompletionTokens(), out);
            if (p.expirationDate() != null) {
                out.add(CatalogFinding.of(m.id(), "expiring", Severity.WARNING, who + " retires " + id + " on " + p.expirationDate()
                        + ": requests for it fail from then on"));
            }
        }
        out.sort(Comparator.comparing(f -> f.severity() != Severity.CRITICAL));
        return new Result(List.copyOf(out), List.copyOf(unconfirmed), margins);
    }

    /** Drift when the provider's price, in credits per million tokens, is above the app's price less minMargin. */
    private static void price(CatalogSettings s, SoldModel m, String direction, BigDecimal app, BigDecimal usdPerToken,
                              List<CatalogFinding> out, Map<String, BigDecimal> margins) {
        if (app == null || usdPerToken == null) {
            return;
        }
        BigDecimal usdPerMillion = usdPerToken.multiply(MILLION);
        BigDecimal provider = usdPerMillion.multiply(s.creditsPerUsd());
        BigDecimal margin = app.signum() == 0 ? (provider.signum() == 0 ? BigDecimal.ZERO : BigDecimal.ONE.negate())
                : app.subtract(provider).divide(app, MathContext.DECIMAL64);
        margins.put(m.id() + "\u0000" + direction, margin);
        BigDecimal threshold = app.multiply(BigDecimal.ONE.subtract(s.minMargin()));
        if (provider.compareTo(threshold) <= 0) {
            return;
        }
        BigDecimal loss = provider.subtract(app);
        String message = m.id() + " " + direction + ": " + s.name() + " charges " + plain(provider) + " credits per million tokens ($"
                + plain(usdPerMillion) + " × " + plain(s.creditsPerUsd()) + " credits/USD), the app charges " + plain(app)
                + (loss.signum() > 0 ? ": a loss of " + plain(loss) + " credits per million tokens"
                : ": a margin of " + percent(margin) + ", below minMargin " + percent(s.minMargin()));
        out.add(new CatalogFinding(m.id(), "unprofitable", Severity.CRITICAL, message, direction, margin));
    }

    private static void limit(String who, SoldModel m, String kind, String what, Long app, Long provider, List<CatalogFinding> out) {
        if (app != null && provider != null && app > provider) {
            out.add(CatalogFinding.of(m.id(), kind, Severity.WARNING, m.id() + ": the app offers a " + what + " of " + app + ", "
                    + who + " serves at most " + provider + ": longer requests fail upstream"));
        }
    }

    static String plain(BigDecimal d) {
        return d.setScale(Math.min(Math.max(d.stripTrailingZeros().scale(), 0), 6), RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    static String percent(BigDecimal fraction) {
        return plain(fraction.movePointRight(2).setScale(1, RoundingMode.HALF_UP)) + "%";
    }
}

package dev.driftwatch.provider;

import dev.driftwatch.config.Severity;
import java.math.BigDecimal;

/**
 * One way a sold model differs from the provider's list.
 *
 * @param kind      {@code missing}, {@code unprofitable}, {@code context_length}, {@code max_output_tokens} or {@code expiring}
 * @param direction {@code input} or {@code output} for {@code unprofitable}, else null
 * @param margin    the app's margin on the provider's price as a fraction of the app's price (negative: a loss), for
 *                  {@code unprofitable}; else null
 */
record CatalogFinding(String model, String kind, Severity severity, String message, String direction, BigDecimal margin) {

    static CatalogFinding of(String model, String kind, Severity severity, String message) {
        return new CatalogFinding(model, kind, severity, message, null, null);
    }
}

package dev.driftwatch.config;

import java.time.Duration;

/**
 * One validated check of one environment: {@code kind/target}, its schedule and its kind-specific settings
 * (a record owned by the kind's package). Equality covers the settings, so a reload restarts only what changed.
 *
 * @param severity the severity a drift of this check carries when {@code severityOverride} is true,
 *                 and the severity of its {@code unknown} observations
 * @param optional an {@code unknown} answer of this check only warns; otherwise a critical check that cannot see
 *                 makes the verdict {@code unknown}
 */
public record CheckDefinition(String environment, String kind, String target, Duration interval, Duration timeout,
                              Severity severity, boolean severityOverride, Object settings, boolean optional) {

    /** A check that is not optional. */
    public CheckDefinition(String environment, String kind, String target, Duration interval, Duration timeout,
                           Severity severity, boolean severityOverride, Object settings) {
        this(environment, kind, target, interval, timeout, severity, severityOverride, settings, false);
    }

    /** The settings record of the check's kind; a kind reads only its own, so another type is a bug. */
    public <S> S settings(Class<S> type) {
        if (!type.isInstance(settings)) {
            throw new IllegalStateException(id() + " has " + (settings == null ? "no" : settings.getClass().getSimpleName())
                    + " settings, not " + type.getSimpleName());
        }
        return type.cast(settings);
    }

    public String id() {
        return kind + "/" + target;
    }

    /** How old the latest observation may be before the check counts as unverified. */
    public Duration defaultMaxAge() {
        return interval.plus(interval).plus(timeout); // multipliedBy goes through BigDecimal
    }

    public CheckDefinition withOptional(boolean value) {
        return new CheckDefinition(environment, kind, target, interval, timeout, severity, severityOverride, settings, value);
    }
}

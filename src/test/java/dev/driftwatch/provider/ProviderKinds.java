package dev.driftwatch.provider;

import java.time.Clock;
import java.time.Duration;

/** A provider check kind for parsing environments files in tests outside this package; it never sends a request. */
public final class ProviderKinds {
    private ProviderKinds() {
    }

    public static ProviderCheckGroup forParsing() {
        Clock clock = Clock.systemUTC();
        return new ProviderCheckGroup(null, Duration.ofMinutes(5), new KeyVerifier(clock, new OutboundBudget(60, clock), Duration.ofHours(1)));
    }
}

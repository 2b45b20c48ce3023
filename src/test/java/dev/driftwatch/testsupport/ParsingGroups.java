package dev.driftwatch.testsupport;

import dev.driftwatch.ratelimit.RateLimitCheckGroup;
import dev.driftwatch.schema.SchemaCheckGroup;
import dev.driftwatch.vercel.VercelCheckGroup;

/** Check groups for tests that only parse environments files: they build no probe, so they get no connections. */
public final class ParsingGroups {
    private ParsingGroups() {
    }

    public static SchemaCheckGroup schema() {
        return new SchemaCheckGroup(null, null, null);
    }

    public static RateLimitCheckGroup ratelimit() {
        return new RateLimitCheckGroup(null, null);
    }

    public static VercelCheckGroup vercel() {
        return new VercelCheckGroup(null, null, null);
    }
}

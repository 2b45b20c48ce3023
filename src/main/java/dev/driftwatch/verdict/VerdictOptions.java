package dev.driftwatch.verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * How a verdict is asked for.
 *
 * @param maxAge observations older than this count as missing (default: each check's twice interval plus timeout)
 * @param checks only these check ids count (empty: all)
 * @param since  only observations made after this instant count
 */
public record VerdictOptions(Optional<Duration> maxAge, Set<String> checks, Optional<Instant> since) {
    public static final VerdictOptions DEFAULT = new VerdictOptions(Optional.empty(), Set.of(), Optional.empty());
}

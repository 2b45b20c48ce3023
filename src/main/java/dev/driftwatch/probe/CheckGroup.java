package dev.driftwatch.probe;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.CheckGroupParser;
import java.util.Set;

/**
 * One configuration group ({@code environments.<env>.<configKey>}) and the checks it yields, which may be of several
 * kinds (the {@code vercel} group yields {@code env} and {@code deployment} checks). A new kind is a new package with
 * one CDI bean implementing this; the runner, the API and the metrics pick it up without an edit.
 */
public interface CheckGroup extends CheckGroupParser {

    /** The {@code kind} values of the checks this group defines, for example {@code schema} and {@code migrations}. */
    Set<String> kinds();

    /** A probe for one check this group parsed. */
    Probe newProbe(CheckDefinition check);

    /**
     * A probe that can also ask for an immediate run when it learns of a change between runs (a dropped
     * connection, a recovery), so that event-driven losses are reported without waiting for the next interval.
     */
    default Probe newProbe(CheckDefinition check, Runnable runNow) {
        return newProbe(check);
    }
}

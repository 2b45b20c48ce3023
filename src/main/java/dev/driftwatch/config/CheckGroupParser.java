package dev.driftwatch.config;

import java.util.List;

/**
 * Turns one configuration group of an environment ({@code environments.<env>.<configKey>}) into checks.
 * Each check kind package provides one; the environments file knows no group by name.
 */
public interface CheckGroupParser {

    /** The key of the group inside an environment, for example {@code schema}. */
    String configKey();

    /** Reads the group, recording every problem on {@code group} (never throwing), and returns its checks. */
    List<CheckDefinition> parse(ConfigNode group, GroupContext context);
}

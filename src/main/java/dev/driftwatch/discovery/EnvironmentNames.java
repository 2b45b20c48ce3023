package dev.driftwatch.discovery;

import dev.driftwatch.config.EnvironmentsFileParser;
import dev.driftwatch.config.Secret;
import java.util.Locale;

/**
 * Makes a valid environment name of what a template expands to: {@code preview-Feature/X} becomes
 * {@code preview-feature-x} (lower case; anything but letters, digits, '.', '_' and '-' becomes '-'; runs of '-'
 * collapse; at most 63 characters). A name another target already took gets a suffix from its own raw name and
 * target, so it keeps the same name from one read to the next.
 */
final class EnvironmentNames {
    private static final int MAX = 63;
    private static final int SUFFIX = 7;

    private EnvironmentNames() {
    }

    /** The sanitised name, or null when nothing of it is left (a name of only punctuation). */
    static String sanitise(String raw) {
        String name = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-").replaceAll("-{2,}", "-")
                .replaceAll("^[^a-z0-9]+", "").replaceAll("-+$", "");
        if (name.length() > MAX) {
            name = name.substring(0, MAX).replaceAll("[-.]+$", "");
        }
        return name.isEmpty() || !EnvironmentsFileParser.ENVIRONMENT_NAME.matcher(name).matches() ? null : name;
    }

    /** {@code name} with a suffix of 6 hex digits from {@code identity}, within 63 characters. */
    static String suffixed(String name, String identity) {
        String hex = Secret.fingerprintOf(identity).substring("sha256:".length(), "sha256:".length() + SUFFIX - 1);
        String base = name.length() > MAX - SUFFIX ? name.substring(0, MAX - SUFFIX) : name;
        return base + "-" + hex;
    }
}

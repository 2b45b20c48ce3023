package dev.driftwatch.vercel;

import java.time.Instant;
import java.util.Locale;

/**
 * What CI says it released to an environment: the git commit, optionally the deployment URL, and when.
 *
 * @param deploymentUrl the deployment's own hostname ({@code app-abc123.vercel.app}); null when CI did not say
 */
public record ReleaseMarker(String commit, String deploymentUrl, Instant at) {

    /** {@code https://app-abc.vercel.app/} and {@code app-abc.vercel.app} name the same deployment. */
    public static String hostOf(String url) {
        return url.replaceFirst("^https?://", "").replaceAll("/+$", "").toLowerCase(Locale.ROOT);
    }
}

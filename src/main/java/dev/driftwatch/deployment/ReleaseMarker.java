package dev.driftwatch.deployment;

import java.time.Instant;

/**
 * What CI says it released to an environment: the git commit, optionally the deployment URL, and when.
 *
 * @param deploymentUrl the deployment's own hostname ({@code app-abc123.vercel.app}); null when CI did not say
 */
public record ReleaseMarker(String commit, String deploymentUrl, Instant at) {
}

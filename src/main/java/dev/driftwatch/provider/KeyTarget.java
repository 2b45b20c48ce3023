package dev.driftwatch.provider;

import dev.driftwatch.config.Secret;
import java.net.URI;

/** What one request verifies: environments that share all three share one request per interval. */
record KeyTarget(ProviderType type, URI baseUrl, Secret key) {
}

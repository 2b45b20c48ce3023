package dev.driftwatch.provider;

import dev.driftwatch.config.Secret;
import java.net.URI;

/**
 * What one request answers: environments and checks that share all four share one request per interval. {@code path}
 * tells apart the two requests OpenRouter needs (its key endpoint and its public model list, which takes no key).
 */
record ProviderKey(ProviderType type, URI baseUrl, Secret key, String path) {

    /** The key check's own request. */
    ProviderKey(ProviderType type, URI baseUrl, Secret key) {
        this(type, baseUrl, key, type.path());
    }
}

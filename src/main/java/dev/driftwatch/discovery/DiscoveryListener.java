package dev.driftwatch.discovery;

import java.util.Set;

/** Told when the configured sources change (metrics registers and removes their series). */
public interface DiscoveryListener {
    void onSources(Set<String> sources);
}

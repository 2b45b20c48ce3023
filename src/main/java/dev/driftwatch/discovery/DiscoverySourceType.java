package dev.driftwatch.discovery;

import dev.driftwatch.config.ConfigNode;
import java.util.Set;

/**
 * One kind of source, as a CDI bean: {@code http} (Prometheus http_sd), {@code file}, or the Vercel/Supabase pair.
 * A source entry names the kind by its keys: the type whose {@link #keys()} the entry uses is chosen, and an entry
 * that uses the keys of none, or of two types, is an error naming the source.
 */
public interface DiscoverySourceType {

    /** The keys of a source entry that select this type ({@code http}; {@code vercel} and {@code supabase}). */
    Set<String> keys();

    /**
     * Reads the entry's type-specific keys (only those in {@link #keys()}; the framework reads {@code grace},
     * {@code environment}, {@code template}, {@code max}), recording every problem on {@code source} and never
     * throwing; returns null when a problem was recorded.
     */
    DiscoverySource parse(ConfigNode source);
}

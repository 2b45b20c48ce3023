package dev.driftwatch.config;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which replica of a sharded fleet probes which environment (docs/sharding.md). Ownership is rendezvous (highest
 * random weight) hashing: each environment goes to the shard whose SHA-256 of (environment name, shard index) is
 * highest. It depends on nothing but the name and the shard count, so every replica agrees without talking to the
 * others, and going from n to n+1 shards moves only the ~1/(n+1) of environments that the new shard wins.
 *
 * @param count   how many shards the fleet has (1: no sharding, this replica owns everything)
 * @param index   this replica's shard, 0 to count-1
 * @param address the stable address of a shard, {@code {shard}} standing for its index; empty when unsharded
 */
public record Shards(int count, int index, Optional<String> address) {
    public static final String PLACEHOLDER = "{shard}";
    private static final Pattern ORDINAL = Pattern.compile("-(\\d{1,6})$");

    public Shards {
        if (count < 1) {
            throw new IllegalArgumentException("driftwatch.shards: must be at least 1, not " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("driftwatch.shard: must be between 0 and driftwatch.shards - 1 ("
                    + (count - 1) + "), not " + index);
        }
        address.ifPresent(Shards::checkTemplate);
    }

    /** One replica that owns every environment. */
    public static Shards single() {
        return new Shards(1, 0, Optional.empty());
    }

    /**
     * The settings of {@code driftwatch.shards}, {@code driftwatch.shard} and {@code driftwatch.shard-address}, the
     * shard defaulting to the trailing {@code -<n>} of the host name (a StatefulSet pod {@code driftwatch-2} is 2).
     */
    public static Shards of(int count, Optional<Integer> shard, Optional<String> address, String hostname) {
        if (count < 1) {
            throw new IllegalArgumentException("driftwatch.shards: must be at least 1, not " + count);
        }
        if (count == 1) {
            return new Shards(1, shard.orElse(0), address.filter(a -> !a.isBlank()));
        }
        int index = shard.orElseGet(() -> ordinal(hostname).orElseThrow(() -> new IllegalArgumentException(
                "driftwatch.shard: not set, and the host name '" + hostname + "' ends in no -<n> ordinal (as a"
                        + " StatefulSet pod's does); set DRIFTWATCH_SHARD to this replica's shard, 0 to " + (count - 1))));
        if (address.isEmpty() || address.get().isBlank()) {
            throw new IllegalArgumentException("driftwatch.shard-address: must be set when driftwatch.shards is "
                    + count + ", e.g. http://driftwatch-{shard}.driftwatch:9464 (other replicas redirect there)");
        }
        return new Shards(count, index, address);
    }

    /** The StatefulSet ordinal at the end of a host name ({@code driftwatch-2} → 2). */
    static Optional<Integer> ordinal(String hostname) {
        if (hostname == null) {
            return Optional.empty();
        }
        Matcher m = ORDINAL.matcher(hostname.strip());
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    private static void checkTemplate(String template) {
        if (!template.contains(PLACEHOLDER)) {
            throw new IllegalArgumentException("driftwatch.shard-address: must contain " + PLACEHOLDER
                    + ", e.g. http://driftwatch-{shard}.driftwatch:9464");
        }
        URI uri;
        try {
            uri = URI.create(template.replace(PLACEHOLDER, "0"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("driftwatch.shard-address: not a URL (" + e.getMessage() + ")");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("driftwatch.shard-address: must be an http(s) URL with a host and no"
                    + " credentials, query or fragment, e.g. http://driftwatch-{shard}.driftwatch:9464");
        }
    }

    public boolean sharded() {
        return count > 1;
    }

    /** The shard that probes {@code environment}. */
    public int owner(String environment) {
        if (count == 1) {
            return 0;
        }
        int best = 0;
        long bestWeight = Long.MIN_VALUE;
        for (int shard = 0; shard < count; shard++) {
            long weight = weight(environment, shard);
            if (shard == 0 || Long.compareUnsigned(weight, bestWeight) > 0) {
                best = shard;
                bestWeight = weight;
            }
        }
        return best;
    }

    public boolean owns(String environment) {
        return owner(environment) == index;
    }

    /** The base URL of a shard (no trailing slash), from the address template; empty when unsharded. */
    public Optional<String> addressOf(int shard) {
        return address.map(a -> a.replace(PLACEHOLDER, Integer.toString(shard)).replaceAll("/+$", ""));
    }

    private static long weight(String environment, int shard) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(environment.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Integer.toString(shard).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return count == 1 ? "unsharded" : "shard " + index + " of " + count;
    }
}

package dev.driftwatch.platform.vercel;

import dev.driftwatch.config.Secret;
import java.util.List;

/**
 * One environment variable of a Vercel project. The value is wrapped as a {@link Secret} the moment it is parsed;
 * it is null when Vercel does not return it ({@code sensitive} variables, {@code secret} references).
 *
 * @param type    encrypted, plain, secret, sensitive or system
 * @param targets the Vercel environments it is set for (production, preview, development)
 */
public record EnvVar(String key, Secret value, String type, List<String> targets) {

    /** True when driftwatch can see the value and so check it (empty, placeholder, URL shape). */
    public boolean readable() {
        return value != null;
    }
}

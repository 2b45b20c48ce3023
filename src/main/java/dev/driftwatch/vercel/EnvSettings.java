package dev.driftwatch.vercel;

import dev.driftwatch.config.HasSecrets;
import dev.driftwatch.config.Secret;
import dev.driftwatch.platform.vercel.VercelConnection;
import java.util.List;

/**
 * The environment contract of one environment: the variables its app requires in its Vercel environment.
 *
 * @param urls         required variables whose value must be an http(s) URL
 * @param placeholders case-insensitive substrings that mark a value as a placeholder ({@code your-}, ...)
 */
public record EnvSettings(VercelConnection connection, List<String> required, List<String> urls,
                          List<String> placeholders) implements HasSecrets {
    @Override
    public List<Secret> secrets() {
        return List.of(connection.project().token());
    }
}

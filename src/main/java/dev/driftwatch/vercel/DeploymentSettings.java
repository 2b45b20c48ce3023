package dev.driftwatch.vercel;

import dev.driftwatch.config.HasSecrets;
import dev.driftwatch.config.Secret;
import dev.driftwatch.platform.vercel.VercelConnection;
import java.util.List;

/**
 * What must be live behind an environment's alias.
 *
 * @param alias        the hostname users reach, e.g. {@code app.example.com}
 * @param expectCommit the commit to expect when CI has posted no release marker; null for none
 */
public record DeploymentSettings(VercelConnection connection, String alias, String expectCommit) implements HasSecrets {
    @Override
    public List<Secret> secrets() {
        return List.of(connection.project().token());
    }
}

package dev.driftwatch.schema;

import dev.driftwatch.config.HasSecrets;
import dev.driftwatch.config.Secret;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A schema check: the database, the schemas compared, and at most one source of expected state: a contract file,
 * the live schema of a reference environment, or what the migrations produce. None: the check only snapshots.
 * {@code roles} are the roles whose grants are compared.
 */
public record SchemaSettings(PostgresTarget target, List<String> schemas, Path contract, String referenceEnvironment,
                             PostgresTarget referenceTarget, List<String> roles, FromMigrations fromMigrations)
        implements HasSecrets {

    /** The expected state is what {@code migrations} produce, built on the scratch server {@code scratch}. */
    public record FromMigrations(Path migrations, String scratch, Secret password, List<Path> before) {
    }

    public SchemaSettings {
        roles = roles == null ? CatalogReader.DEFAULT_ROLES : List.copyOf(roles);
    }

    /** Grants compared for Supabase's API roles (anon, authenticated, service_role). */
    public SchemaSettings(PostgresTarget target, List<String> schemas, Path contract, String referenceEnvironment,
                          PostgresTarget referenceTarget) {
        this(target, schemas, contract, referenceEnvironment, referenceTarget, null, null);
    }

    @Override
    public List<Secret> secrets() {
        List<Secret> out = new ArrayList<>();
        out.add(target.password());
        if (referenceTarget != null) {
            out.add(referenceTarget.password());
        }
        if (fromMigrations != null && fromMigrations.password() != null) {
            out.add(fromMigrations.password());
        }
        return out;
    }
}

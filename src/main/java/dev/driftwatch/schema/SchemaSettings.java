package dev.driftwatch.schema;

import dev.driftwatch.platform.postgres.PostgresDatabase;
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
public record SchemaSettings(PostgresDatabase database, List<String> schemas, Path contract, String referenceEnvironment,
                             PostgresDatabase referenceDatabase, List<String> roles, FromMigrations fromMigrations)
        implements HasSecrets {

    /** The expected state is what {@code migrations} produce, built on the scratch server {@code scratch}. */
    public record FromMigrations(Path migrations, String scratch, Secret password, List<Path> before) {
    }

    public SchemaSettings {
        roles = roles == null ? CatalogReader.DEFAULT_ROLES : List.copyOf(roles);
    }

    /** Grants compared for Supabase's API roles (anon, authenticated, service_role). */
    public SchemaSettings(PostgresDatabase database, List<String> schemas, Path contract, String referenceEnvironment,
                          PostgresDatabase referenceDatabase) {
        this(database, schemas, contract, referenceEnvironment, referenceDatabase, null, null);
    }

    @Override
    public List<Secret> secrets() {
        List<Secret> out = new ArrayList<>();
        out.add(database.password());
        if (referenceDatabase != null) {
            out.add(referenceDatabase.password());
        }
        if (fromMigrations != null && fromMigrations.password() != null) {
            out.add(fromMigrations.password());
        }
        return out;
    }
}

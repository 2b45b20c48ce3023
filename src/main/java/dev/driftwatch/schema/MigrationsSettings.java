package dev.driftwatch.schema;

import dev.driftwatch.platform.postgres.PostgresDatabase;
import dev.driftwatch.config.HasSecrets;
import dev.driftwatch.config.Secret;
import java.nio.file.Path;
import java.util.List;

/** A migrations check: the database and the directory of {@code <version>_<name>.sql} files it must have applied. */
public record MigrationsSettings(PostgresDatabase database, Path directory) implements HasSecrets {
    @Override
    public List<Secret> secrets() {
        return List.of(database.password());
    }
}

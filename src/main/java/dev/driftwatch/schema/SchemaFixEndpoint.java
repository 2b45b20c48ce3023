package dev.driftwatch.schema;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.probe.EnvironmentEndpoint;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The forward fix of an environment's schema ({@code GET .../schema/fix.sql}), from the schema check's latest
 * snapshot and the expected state that run compared with: answering queries nothing, so it is as cheap as the
 * verdict and needs no token.
 */
@ApplicationScoped
public class SchemaFixEndpoint implements EnvironmentEndpoint {
    private final SchemaSnapshots snapshots;

    public SchemaFixEndpoint(SchemaSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    public String path() {
        return "schema/fix.sql";
    }

    @Override
    public Answer get(EnvironmentConfig env) {
        String name = env.name();
        CheckDefinition check = snapshots.schemaCheck(env)
                .orElseThrow(() -> new Refusal(404, "environment " + name + " has no schema check"));
        SchemaSettings settings = check.settings(SchemaSettings.class);
        if (settings.contract() == null && settings.referenceEnvironment() == null && settings.fromMigrations() == null) {
            throw new Refusal(404, "environment " + name + " has no expected schema (set contract, reference or scratch)");
        }
        SchemaSnapshot live = snapshots.latest(name)
                .orElseThrow(() -> new Refusal(503, "no schema snapshot of " + name + " yet: wait for the schema check's first run"));
        SchemaSnapshot expected = snapshots.expected(name).orElseThrow(() -> new Refusal(503,
                "the schema check of " + name + " has not compared with its expected state yet"));
        String source = settings.contract() != null ? "contract " + settings.contract().getFileName()
                : settings.referenceEnvironment() != null ? "reference environment " + settings.referenceEnvironment()
                : "migrations " + settings.fromMigrations().migrations().getFileName();
        return Answer.text(FixScript.of(expected, live, "driftwatch forward fix: environment " + name + " back to " + source
                + "\nfrom the schema check's latest snapshot; driftwatch never runs it"));
    }
}

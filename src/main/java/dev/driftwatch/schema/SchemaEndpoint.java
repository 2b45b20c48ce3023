package dev.driftwatch.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.probe.EnvironmentEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;

/** The live schema of an environment in the contract file format ({@code GET .../schema}): save it to make a contract. */
@ApplicationScoped
public class SchemaEndpoint implements EnvironmentEndpoint {
    private final SchemaSnapshots snapshots;

    public SchemaEndpoint(SchemaSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    public String path() {
        return "schema";
    }

    @Override
    public Answer get(EnvironmentConfig environment) {
        String name = environment.name();
        CheckDefinition check = snapshots.schemaCheck(environment)
                .orElseThrow(() -> new Refusal(404, "environment " + name + " has no schema check"));
        try {
            return Answer.ok(ContractFile.JSON.writeValueAsString(snapshots.live(check)) + "\n");
        } catch (SchemaSnapshots.LiveSnapshotException e) {
            throw new Refusal(503, "cannot read the schema of " + name + ": " + e.getMessage());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

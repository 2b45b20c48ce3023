package dev.driftwatch.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.probe.EnvironmentEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The schema of an environment in the contract file format ({@code GET .../schema}), as its schema check last read it:
 * save the body to make a contract. It never queries the database itself, so an unauthenticated caller cannot make
 * driftwatch query the monitored database; a fresh read goes through the token-protected {@code POST .../probe?checks=schema}.
 */
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
        SchemaSnapshot latest = snapshots.latest(check.environment()).orElseThrow(() -> new Refusal(503,
                "the schema check of " + name + " has not read the schema yet: wait for its first run, or run it now with "
                        + "POST /api/v1/environments/" + name + "/probe?checks=schema (needs the token)", Map.of("Retry-After", "5")));
        try {
            return Answer.ok(ContractFile.JSON.writeValueAsString(latest) + "\n");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

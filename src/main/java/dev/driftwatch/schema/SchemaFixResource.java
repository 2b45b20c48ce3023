package dev.driftwatch.schema;

import dev.driftwatch.api.ApiException;
import dev.driftwatch.api.Environments;
import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.EnvironmentConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The forward fix of an environment's schema, from the schema check's latest snapshot and the expected state that
 * run compared with: answering queries nothing, so it is as cheap as the verdict and needs no token.
 */
@Path("/api/v1/environments/{env}/schema/fix.sql")
@Produces(MediaType.TEXT_PLAIN)
public class SchemaFixResource {
    @Inject
    Environments environments;
    @Inject
    SchemaSnapshots snapshots;

    @GET
    @Operation(summary = "Forward-only SQL that brings the live schema back to the expected state (never executed by driftwatch)")
    public String fix(@PathParam("env") String name) {
        EnvironmentConfig env = environments.get(name);
        CheckDefinition check = snapshots.schemaCheck(env)
                .orElseThrow(() -> new ApiException(404, "environment " + name + " has no schema check"));
        SchemaSettings settings = (SchemaSettings) check.settings();
        if (settings.contract() == null && settings.referenceEnvironment() == null && settings.fromMigrations() == null) {
            throw new ApiException(404, "environment " + name + " has no expected schema (set contract, reference or scratch)");
        }
        SchemaSnapshot live = snapshots.latest(name)
                .orElseThrow(() -> new ApiException(503, "no schema snapshot of " + name + " yet: wait for the schema check's first run"));
        SchemaSnapshot expected = snapshots.expected(name).orElseThrow(() -> new ApiException(503,
                "the schema check of " + name + " has not compared with its expected state yet"));
        String source = settings.contract() != null ? "contract " + settings.contract().getFileName()
                : settings.referenceEnvironment() != null ? "reference environment " + settings.referenceEnvironment()
                : "migrations " + settings.fromMigrations().migrations().getFileName();
        return FixScript.of(expected, live, "driftwatch forward fix: environment " + name + " back to " + source
                + "\nfrom the schema check's latest snapshot; driftwatch never runs it");
    }
}

package dev.driftwatch.api;

import dev.driftwatch.discovery.DiscoveryService;
import dev.driftwatch.discovery.SourceStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The {@code discover:} sources: each one's latest read, its environments and what it left out. */
@Path("/api/v1/discovery")
@Produces(MediaType.APPLICATION_JSON)
public class DiscoveryResource {
    private final DiscoveryService discovery;
    private final ResponseRedactor redactor;

    @Inject
    public DiscoveryResource(DiscoveryService discovery, ResponseRedactor redactor) {
        this.discovery = discovery;
        this.redactor = redactor;
    }

    @GET
    @Operation(summary = "Every discovery source with its last run, its environments and its error")
    public Map<String, List<SourceStatus>> sources() {
        return Map.of("sources", discovery.statuses().stream().map(s -> new SourceStatus(s.name(), s.type(), s.interval(),
                s.grace(), s.max(), s.up(), s.lastRunAt(), s.lastSuccessAt(), s.error() == null ? null : redactor.scrub(s.error()),
                s.environments(), s.problems().stream().map(redactor::scrub).toList())).toList());
    }
}

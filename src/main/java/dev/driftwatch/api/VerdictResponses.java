package dev.driftwatch.api;

import dev.driftwatch.verdict.VerdictReport;
import dev.driftwatch.verdict.VerdictStatus;
import jakarta.ws.rs.core.Response;

/** The HTTP answer of a verdict: 200 for pass (and warn unless strict), 503 otherwise, the report as the body. */
final class VerdictResponses {
    private VerdictResponses() {
    }

    static boolean healthy(VerdictReport report, boolean strict) {
        return report.verdict() == VerdictStatus.PASS || report.verdict() == VerdictStatus.WARN && !strict;
    }

    static Response of(VerdictReport report, boolean strict, boolean always200) {
        return Response.status(always200 || healthy(report, strict) ? 200 : 503).entity(report).build();
    }
}

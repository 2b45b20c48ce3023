package dev.driftwatch.verdict;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/** A verdict and what it rests on; the body of every verdict response. */
@JsonPropertyOrder({"environment", "verdict", "evaluatedAt", "reasons", "checks"})
public record VerdictReport(String environment, VerdictStatus verdict, Instant evaluatedAt, List<String> reasons,
                            List<CheckState> checks) {

    /** The same verdict, evaluated again at {@code now} with nothing changed. */
    public VerdictReport at(Instant now) {
        return new VerdictReport(environment, verdict, now, reasons, checks);
    }
}

package dev.driftwatch.vercel;

import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Measurement;
import dev.driftwatch.probe.Probe;
import dev.driftwatch.probe.ProbeResult;
import dev.driftwatch.probe.Series;
import dev.driftwatch.platform.vercel.EnvVar;
import dev.driftwatch.platform.vercel.VercelAnswer;
import dev.driftwatch.platform.vercel.VercelEnvironments;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the environment contract against the variables Vercel holds for the environment's target: every required
 * variable present, non-empty, not a placeholder, URL-shaped where declared. Any of these is critical drift: the
 * app starts without them and fails at the first request that needs one.
 */
public final class EnvProbe implements Probe {
    private final String checkTarget;
    private final EnvSettings settings;
    private final VercelEnvironments vercel;
    private final Duration maxAge;

    public EnvProbe(String checkTarget, EnvSettings settings, VercelEnvironments vercel, Duration maxAge) {
        this.checkTarget = checkTarget;
        this.settings = settings;
        this.vercel = vercel;
        this.maxAge = maxAge;
    }

    @Override
    public ProbeResult probe(Duration timeout) {
        String target = settings.connection().vercelEnvironment();
        VercelAnswer<List<EnvVar>> answer = vercel.variables(settings.connection().project(), maxAge,
                Probe.ioBudget(timeout));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("project", settings.connection().project().projectId());
        details.put("target", target);
        if (!answer.ok()) {
            details.put("httpStatus", answer.status() == 0 ? null : answer.status());
            return ProbeResult.unknown("cannot read the variables of " + settings.connection().describe() + ": " + answer.failure())
                    .withDetails(details);
        }
        List<EnvContract.Finding> findings = EnvContract.evaluate(answer.value(), target, settings);
        details.put("variables", EnvContract.details(findings));
        long missing = findings.stream().filter(f -> f.problem() == EnvContract.Problem.MISSING).count();
        long invalid = findings.stream().filter(f -> !f.ok() && f.problem() != EnvContract.Problem.MISSING).count();
        List<Measurement> measurements = List.of(
                measure(VercelSeries.ENV_REQUIRED, settings.required().size()),
                measure(VercelSeries.ENV_MISSING, missing),
                measure(VercelSeries.ENV_INVALID, invalid));
        if (missing + invalid > 0) {
            return ProbeResult.drift(Severity.CRITICAL, EnvContract.reason(findings, target))
                    .withDetails(details).withMeasurements(measurements);
        }
        return ProbeResult.ok("all " + settings.required().size() + " required variables are set in "
                        + settings.connection().describe()).withDetails(details).withMeasurements(measurements);
    }

    private Measurement measure(Series series, double value) {
        return series.measure(value, "target", checkTarget);
    }
}

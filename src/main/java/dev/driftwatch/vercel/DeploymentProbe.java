package dev.driftwatch.vercel;

import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Measurement;
import dev.driftwatch.probe.Probe;
import dev.driftwatch.probe.ProbeResult;
import dev.driftwatch.probe.Series;
import dev.driftwatch.platform.vercel.Deployment;
import dev.driftwatch.platform.vercel.VercelAnswer;
import dev.driftwatch.platform.vercel.VercelApi;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Inspects the deployment behind the alias: READY and carrying the released commit (the latest release marker, or
 * {@code expectCommit}). ERROR, CANCELED or DELETED behind the alias and a wrong commit are critical drift; a
 * deployment still QUEUED, INITIALIZING or BUILDING behind the alias is unknown (it may yet become READY).
 */
public final class DeploymentProbe implements Probe {
    private static final Set<String> IN_PROGRESS = Set.of("QUEUED", "INITIALIZING", "BUILDING");

    private final String environment;
    private final String checkTarget;
    private final DeploymentSettings settings;
    private final VercelApi api;
    private final ReleaseMarkers markers;

    public DeploymentProbe(String environment, String checkTarget, DeploymentSettings settings, VercelApi api, ReleaseMarkers markers) {
        this.environment = environment;
        this.checkTarget = checkTarget;
        this.settings = settings;
        this.api = api;
        this.markers = markers;
    }

    @Override
    public ProbeResult probe(Duration timeout) {
        VercelAnswer<Deployment> answer = api.aliasDeployment(settings.connection().project(), settings.alias(),
                Probe.ioBudget(timeout));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("alias", settings.alias());
        Optional<ReleaseMarker> marker = markers.latest(environment);
        String expected = marker.map(ReleaseMarker::commit).orElse(settings.expectCommit());
        details.put("expectedCommit", expected);
        details.put("expectedFrom", marker.isPresent() ? "release marker posted at " + marker.get().at()
                : expected == null ? null : "expectCommit");
        if (!answer.ok()) {
            return ProbeResult.unknown("cannot inspect the deployment behind " + settings.alias() + ": " + answer.failure())
                    .withDetails(details);
        }
        Deployment d = answer.value();
        details.put("deploymentId", d.id());
        details.put("deploymentUrl", d.url());
        details.put("readyState", d.readyState());
        details.put("commit", d.commitSha());
        String state = d.readyState() == null ? "UNKNOWN" : d.readyState().toUpperCase(Locale.ROOT);
        boolean ready = "READY".equals(state);
        Boolean matches = expected == null ? null : d.commitSha() != null && d.commitSha().toLowerCase(Locale.ROOT).startsWith(expected)
                || d.commitSha() != null && expected.startsWith(d.commitSha().toLowerCase(Locale.ROOT));
        String behind = settings.alias() + " serves " + d.id() + " (" + sha7(d.commitSha()) + ")";
        List<Measurement> measurements = List.of(measure(VercelSeries.DEPLOYMENT_READY, ready ? 1 : 0),
                measure(VercelSeries.DEPLOYMENT_COMMIT_MATCHES, matches == null ? Double.NaN : matches ? 1 : 0));
        ProbeResult result;
        if (IN_PROGRESS.contains(state)) {
            result = ProbeResult.unknown(behind + " which is still " + state + ": cannot tell yet whether it will become READY");
        } else if (!ready) {
            result = ProbeResult.drift(Severity.CRITICAL, behind + " which is " + state + ", not READY: promote or roll back to a READY deployment");
        } else if (expected != null && !matches) {
            result = ProbeResult.drift(Severity.CRITICAL, settings.alias() + " serves " + sha7(d.commitSha()) + " but the release is "
                    + sha7(expected) + (marker.isPresent() ? " (release marker posted at " + marker.get().at() + ")" : " (expectCommit)")
                    + ": the alias still points at " + d.id() + "; promote the released deployment");
        } else if (marker.isPresent() && marker.get().deploymentUrl() != null && d.url() != null
                && !ReleaseMarker.hostOf(d.url()).equals(marker.get().deploymentUrl())) {
            result = ProbeResult.drift(Severity.CRITICAL, settings.alias() + " serves " + d.url() + " but the release marker names "
                    + marker.get().deploymentUrl());
        } else {
            result = ProbeResult.ok(behind + ", READY" + (expected == null ? " (no release marker or expectCommit to compare with)"
                    : ", the released commit"));
        }
        return result.withDetails(details).withMeasurements(measurements);
    }

    private static String sha7(String sha) {
        return sha == null ? "no git commit" : sha.length() > 7 ? sha.substring(0, 7) : sha;
    }

    private Measurement measure(Series series, double value) {
        return series.measure(value, "target", checkTarget);
    }
}

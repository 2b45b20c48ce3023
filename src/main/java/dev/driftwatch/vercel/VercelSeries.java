package dev.driftwatch.vercel;

import dev.driftwatch.probe.Series;

/** The series the env and deployment checks set ({@code target} is {@code vercel}). */
final class VercelSeries {
    static final Series ENV_REQUIRED = Series.gauge("env_variables_required", "",
            "Required variables of the environment's Vercel target", "target");
    static final Series ENV_MISSING = Series.gauge("env_variables_missing", "",
            "Required variables missing there", "target");
    static final Series ENV_INVALID = Series.gauge("env_variables_invalid", "",
            "Present but empty, a placeholder, or not a URL where one is declared", "target");
    static final Series DEPLOYMENT_READY = Series.gauge("deployment_ready", "",
            "1 when the deployment behind the alias is READY", "target");
    static final Series DEPLOYMENT_COMMIT_MATCHES = Series.gauge("deployment_commit_matches", "",
            "1 when it carries the released commit (NaN without a release marker or expectCommit)", "target");

    private VercelSeries() {
    }
}

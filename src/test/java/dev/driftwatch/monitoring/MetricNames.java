package dev.driftwatch.monitoring;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The series names alerts and dashboards may use: the design's "Metrics (Prometheus)" section, docs/metrics.md and
 * the check kinds' docs (docs/checks/*.md). RealPrometheusTest checks that every one of them is scraped.
 */
final class MetricNames {
    static final Set<String> EXPORTED = Set.of(
            "driftwatch_check_up",
            "driftwatch_check_outcome",
            "driftwatch_check_duration_seconds_bucket",
            "driftwatch_check_duration_seconds_sum",
            "driftwatch_check_duration_seconds_count",
            "driftwatch_check_last_run_timestamp_seconds",
            "driftwatch_check_last_ok_timestamp_seconds",
            "driftwatch_check_interval_seconds",
            "driftwatch_schema_differences",
            "driftwatch_verdict",
            "driftwatch_build_info",
            "driftwatch_config_last_reload_success",
            "driftwatch_config_last_reload_success_timestamp_seconds",
            "driftwatch_history_malformed_lines_total",
            "driftwatch_history_write_errors_total",
            "driftwatch_ratelimit_fail_open",
            "driftwatch_ratelimit_app_errors",
            "driftwatch_ratelimit_limiter_timeout_seconds",
            "driftwatch_redis_round_trip_seconds",
            "driftwatch_redis_up",
            "driftwatch_provider_key_valid",
            "driftwatch_provider_http_status",
            "driftwatch_provider_quota_exhausted",
            "driftwatch_provider_credit_remaining",
            "driftwatch_provider_credit_limit",
            "driftwatch_provider_credit_usage",
            "driftwatch_env_variables_required",
            "driftwatch_env_variables_missing",
            "driftwatch_env_variables_invalid",
            "driftwatch_deployment_ready",
            "driftwatch_deployment_commit_matches",
            "driftwatch_smoke_http_status",
            "driftwatch_smoke_latency_seconds",
            "driftwatch_smoke_fail_open",
            "driftwatch_catalog_models",
            "driftwatch_catalog_missing",
            "driftwatch_catalog_unprofitable",
            "driftwatch_catalog_margin");

    /** Series Prometheus itself writes. */
    static final Set<String> PROMETHEUS = Set.of("up", "ALERTS");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern DRIFTWATCH = Pattern.compile("\\bdriftwatch_[a-z0-9_]+\\b");
    private static final Pattern BUILTIN = Pattern.compile("\\b(up|ALERTS)\\s*\\{");

    private MetricNames() {
    }

    static Set<String> known() {
        return Stream.of(EXPORTED, PROMETHEUS).flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The series names a PromQL expression selects (string literals, such as label values, are ignored). */
    static Set<String> referencedBy(String promql) {
        String code = STRING.matcher(promql).replaceAll("\"\"");
        Set<String> names = new TreeSet<>();
        Matcher m = DRIFTWATCH.matcher(code);
        while (m.find()) {
            names.add(m.group());
        }
        m = BUILTIN.matcher(code);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}

package dev.driftwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.testsupport.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness in its small variant ({@code bench/run.sh --quick}: three environments, one short interval,
 * one repetition; the small, hung and shards phases at tiny sizes), run after {@code package} so it uses the built jar.
 * It asserts that every figure of bench/RESULTS.md is produced; it asserts no timing (the figures are measured by the
 * full run, not by tests).
 */
class BenchHarnessIT {

    @Test
    void theQuickRunProducesEveryFigure() throws Exception {
        Path out = Files.createTempDirectory("driftwatch-bench-quick-");
        Path log = out.resolve("run.log");
        Process run = new ProcessBuilder(List.of("bench/run.sh", "--quick", "--out", out.toString()))
                .directory(PostgresServer.PROJECT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = run.waitFor(15, TimeUnit.MINUTES);
        if (!finished) {
            run.destroyForcibly();
        }
        assertThat(finished && run.exitValue() == 0).as("bench/run.sh --quick succeeded; its output:\n%s",
                Files.exists(log) ? Files.readString(log) : "").isTrue();
        JsonNode r = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        try (java.util.stream.Stream<Path> files = Files.walk(out)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }

        assertThat(r.at("/machine/nproc").asInt()).isPositive();
        JsonNode fleet = r.at("/fleet/0");
        assertThat(fleet.at("/n").asInt()).isEqualTo(3);
        for (String figure : List.of("/driftwatch/cpu_ms_per_check", "/driftwatch/heap_used_mib", "/driftwatch/age_p99_s",
                "/driftwatch/coverage_min", "/driftwatch/duration_by_check/schema/p99_ms", "/processes/driftwatch/rss_mib_max",
                "/processes/driftwatch/threads_max", "/processes/driftwatch/tcp_connections_max",
                "/processes/postgres_exporter/cpu_seconds", "/processes/redis_exporter/rss_mib_max",
                "/processes/blackbox_exporter/rss_mib_max", "/ratios/cpu_driftwatch_over_exporters", "/ratios/rss_driftwatch_over_exporters")) {
            assertThat(fleet.at(figure).isNumber()).as(figure + " in " + fleet).isTrue();
        }
        assertThat(fleet.at("/driftwatch/outcomes/ok").asInt()).as("every check of the fleet is ok").isEqualTo(15);
        assertThat(fleet.at("/exporters/scrape_failures").asInt()).isZero();

        for (String figure : List.of("/psql_catalog_query_ms/p50", "/pg_dump_plus_diff_ms/median", "/driftwatch_schema_check_ms/p50",
                "/ratio_driftwatch_over_psql_p50")) {
            assertThat(r.at("/schema_check" + figure).isNumber()).as(figure).isTrue();
        }
        for (String figure : List.of("/driftwatch/requests_per_s", "/driftwatch/p99_ms", "/nginx/requests_per_s", "/nginx/p99_ms",
                "/throughput_ratio")) {
            assertThat(r.at("/verdict_endpoint" + figure).isNumber()).as(figure).isTrue();
        }
        assertThat(r.at("/verdict_endpoint/driftwatch/non_2xx").asInt()).isZero();
        for (String figure : List.of("/driftwatch/share_age_within_bound", "/driftwatch/metrics_scrape_s_max", "/driftwatch/metrics_bytes",
                "/driftwatch/unknown_daemon_caused")) {
            assertThat(fleet.at(figure).isNumber()).as(figure + " in " + fleet).isTrue();
        }
        assertThat(fleet.at("/driftwatch/unknown_reasons/by_reason").isObject()).isTrue();

        JsonNode small = r.at("/small");
        for (String figure : List.of("/rss_mib_idle", "/rss_mib_after", "/threads_after", "/driftwatch/requests_per_s",
                "/nginx/requests_per_s", "/throughput_ratio")) {
            assertThat(small.at(figure).isNumber()).as("small" + figure + " in " + small).isTrue();
        }
        assertThat(small.at("/driftwatch/non_2xx").asInt()).as("the local example's verdict answers 200: " + small).isZero();
        assertThat(small.at("/jvm_options").isArray()).isTrue();

        JsonNode hung = r.at("/hung");
        for (String figure : List.of("/before/others/coverage_min", "/during/others/coverage_min", "/during/others/age_max_s",
                "/during/hung_envs/age_max_s", "/driftwatch/rss_mib_max", "/driftwatch/threads_max", "/hung_schema_unknown")) {
            assertThat(hung.at(figure).isNumber()).as("hung" + figure + " in " + hung).isTrue();
        }
        assertThat(hung.at("/hung_schema_unknown").asInt()).as("the stopped database's checks report unknown: " + hung)
                .isEqualTo(hung.at("/hung_environments").asInt());

        JsonNode shards = r.at("/shards/0");
        assertThat(shards.at("/sharded").isBoolean()).as("the shards phase says whether the replicas shard: " + shards).isTrue();
        assertThat(shards.at("/checks_seen").asInt()).as("every check of the file is run by some replica").isEqualTo(shards.at("/checks_expected").asInt());
        for (String replica : List.of("0", "1", "2")) {
            for (String figure : List.of("/checks_probed", "/rss_mib_max", "/threads_max", "/cpu_ms_per_env_interval", "/metrics_scrape/seconds_max")) {
                assertThat(shards.at("/replicas/" + replica + figure).isNumber()).as("replica " + replica + figure + " in " + shards).isTrue();
            }
        }

        for (String fault : List.of("dropped_column", "revoked_key", "redis_stopped", "redis_frozen", "placeholder_url")) {
            JsonNode f = r.at("/detection/faults/" + fault);
            assertThat(f.at("/samples").asInt()).as(fault + " detected every time: " + f).isEqualTo(f.at("/expected").asInt());
            assertThat(f.at("/verdict_s/max").isNumber() && f.at("/metric_s/max").isNumber()).as(fault).isTrue();
        }
    }
}

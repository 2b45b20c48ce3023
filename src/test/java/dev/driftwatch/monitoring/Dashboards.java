package dev.driftwatch.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.testsupport.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** grafana/dashboards/*.json, read as data: every panel and the PromQL of its queries. */
final class Dashboards {
    static final Path DIR = PostgresServer.PROJECT.resolve("grafana/dashboards");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One panel that queries Prometheus; {@code id} is {@code <dashboard uid>/<panel title>}. */
    record Panel(String dashboard, String title, JsonNode json, List<String> queries) {
        String id() {
            return dashboard + "/" + title;
        }
    }

    private Dashboards() {
    }

    static List<Path> files() {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Every non-row panel of every dashboard, including panels nested in collapsed rows. */
    static List<Panel> panels() {
        List<Panel> out = new ArrayList<>();
        for (Path file : files()) {
            JsonNode dashboard = read(file);
            collect(dashboard.path("uid").asText(), dashboard.path("panels"), out);
        }
        return out;
    }

    private static void collect(String uid, JsonNode panels, List<Panel> out) {
        for (JsonNode panel : panels) {
            if ("row".equals(panel.path("type").asText())) {
                collect(uid, panel.path("panels"), out);
                continue;
            }
            List<String> queries = new ArrayList<>();
            panel.path("targets").forEach(t -> queries.add(t.path("expr").asText("")));
            out.add(new Panel(uid, panel.path("title").asText(), panel, queries));
        }
    }

    /**
     * The query as Grafana would send it for one environment: {@code $environment} and the range-vector interval
     * variables replaced ({@code $__rate_interval} by {@code rateInterval}).
     */
    static String expand(String query, String environment, String rateInterval) {
        return query.replace("$environment", environment)
                .replace("${environment}", environment)
                .replace("$__rate_interval", rateInterval)
                .replace("$__interval", rateInterval)
                .replace("$__range", rateInterval);
    }
}

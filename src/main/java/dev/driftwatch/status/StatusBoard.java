package dev.driftwatch.status;

import dev.driftwatch.config.ConfigService;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.verdict.CheckState;
import dev.driftwatch.verdict.VerdictReport;
import dev.driftwatch.verdict.VerdictService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Builds the grid of the status page from the current verdicts: what a gate would read, cell by cell. */
@ApplicationScoped
public class StatusBoard {
    private static final List<StateLook> VERDICTS = List.of(StateLook.FAIL, StateLook.UNKNOWN, StateLook.WARN, StateLook.PASS);
    private static final Comparator<Grid.Row> WORST_FIRST = Comparator.comparingInt((Grid.Row r) -> -r.verdict().rank())
            .thenComparingInt(r -> -r.problems()).thenComparing(Grid.Row::name);

    private final ConfigService config;
    private final VerdictService verdicts;
    private final CheckSince since;

    @Inject
    public StatusBoard(ConfigService config, VerdictService verdicts, CheckSince since) {
        this.config = config;
        this.verdicts = verdicts;
        this.since = since;
    }

    /** The loaded environments, or a 503 saying why there are none. */
    MonitorConfig config() {
        return config.current().orElseThrow(() -> new StatusException(503,
                "no environments file is loaded yet: " + String.join("; ", config.status().errors())));
    }

    Grid grid(Filter filter, Instant now, int refreshSeconds) {
        MonitorConfig monitor = config();
        Map<String, Integer> counts = new HashMap<>();
        List<Grid.Row> rows = new ArrayList<>();
        List<VerdictReport> shown = new ArrayList<>();
        for (EnvironmentConfig env : monitor.environments().values()) {
            VerdictReport report = verdicts.current(env.name()).orElse(null);
            if (report == null) {
                continue;
            }
            StateLook verdict = StateLook.verdict(report.verdict().label());
            counts.merge(verdict.state(), 1, Integer::sum);
            if (filter.matches(env.name(), env.labels(), verdict)) {
                shown.add(report);
            }
        }
        TreeSet<String> columns = new TreeSet<>();
        shown.forEach(r -> r.checks().forEach(c -> columns.add(c.check())));
        List<String> ordered = List.copyOf(columns);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            index.put(ordered.get(i), i);
        }
        for (VerdictReport report : shown) {
            rows.add(row(monitor.environments().get(report.environment()), report, ordered.size(), index, now));
        }
        rows.sort(WORST_FIRST);
        List<Grid.Count> tally = VERDICTS.stream().map(v -> new Grid.Count(v, counts.getOrDefault(v.state(), 0))).toList();
        return new Grid(ordered, rows, monitor.environments().size(), tally, filter, Ages.clock(now), Ages.iso(now), refreshSeconds);
    }

    private Grid.Row row(EnvironmentConfig env, VerdictReport report, int width, Map<String, Integer> index, Instant now) {
        Grid.Cell[] cells = new Grid.Cell[width];
        int problems = 0;
        for (CheckState state : report.checks()) {
            Grid.Cell cell = cell(report.environment(), state, now);
            cells[index.get(state.check())] = cell;
            if (!cell.look().ok()) {
                problems++;
            }
        }
        List<String> labels = env == null ? List.of() : EnvironmentPages.labels(env);
        String reason = report.reasons().isEmpty() ? "" : report.reasons().get(0)
                + (report.reasons().size() > 1 ? " (+" + (report.reasons().size() - 1) + " more)" : "");
        return new Grid.Row(report.environment(), labels, StateLook.verdict(report.verdict().label()), reason,
                java.util.Arrays.asList(cells), problems);
    }

    Grid.Cell cell(String environment, CheckState state, Instant now) {
        StateLook look = StateLook.check(state.state(), state.severity());
        Instant from = switch (look.state()) {
            case "stale" -> state.observedAt();
            case "missing" -> null;
            default -> since.of(environment, state.check(), look.state()).orElse(state.observedAt());
        };
        return new Grid.Cell(state.check(), look, state.reason() == null ? "" : state.reason(),
                Ages.clock(state.observedAt()), Ages.iso(state.observedAt()), Ages.between(state.observedAt(), now),
                Ages.clock(from), Ages.between(from, now));
    }
}

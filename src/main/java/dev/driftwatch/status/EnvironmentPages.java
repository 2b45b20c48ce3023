package dev.driftwatch.status;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.Durations;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.probe.Observation;
import dev.driftwatch.probe.ObservationStore;
import dev.driftwatch.probe.Transition;
import dev.driftwatch.status.EnvironmentView.CheckPanel;
import dev.driftwatch.status.EnvironmentView.Detail;
import dev.driftwatch.status.EnvironmentView.Difference;
import dev.driftwatch.status.EnvironmentView.DifferenceGroup;
import dev.driftwatch.status.EnvironmentView.Gate;
import dev.driftwatch.status.EnvironmentView.TransitionRow;
import dev.driftwatch.verdict.CheckState;
import dev.driftwatch.verdict.VerdictReport;
import dev.driftwatch.verdict.VerdictService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Builds the page of one environment from its verdict, its latest observations and its history. */
@ApplicationScoped
public class EnvironmentPages {
    static final int TRANSITIONS = 20;
    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP = new com.fasterxml.jackson.core.type.TypeReference<>() {
    };
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9._:/=-]+");

    private final StatusBoard board;
    private final VerdictService verdicts;
    private final ObservationStore store;
    private final Runbooks runbooks;
    /** Details hold each kind's own records: read them as the API shows them, as maps, lists and values. */
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    @Inject
    public EnvironmentPages(StatusBoard board, VerdictService verdicts, ObservationStore store, Runbooks runbooks, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.board = board;
        this.verdicts = verdicts;
        this.store = store;
        this.runbooks = runbooks;
        this.json = json;
    }

    EnvironmentView view(String name, String baseUrl, Instant now, int refreshSeconds) {
        EnvironmentConfig env = board.config().environment(name).orElseThrow(() -> new StatusException(404,
                "no environment named '" + name + "' (known: " + String.join(", ", board.config().environments().keySet()) + ")"));
        VerdictReport report = verdicts.current(name).orElseThrow(() -> new StatusException(503, "no verdict for " + name + " yet"));
        Map<String, CheckState> states = new LinkedHashMap<>();
        report.checks().forEach(s -> states.put(s.check(), s));
        Map<String, Observation> latest = store.latest(name);
        List<CheckPanel> checks = new ArrayList<>();
        boolean schemaDiffers = false;
        for (CheckDefinition c : env.checks()) {
            CheckState state = states.getOrDefault(c.id(), new CheckState(c.id(), CheckState.State.MISSING, null, "no observation yet", null));
            Grid.Cell cell = board.cell(name, state, now);
            Map<String, Object> details = Optional.ofNullable(latest.get(c.id())).map(Observation::details)
                    .<Map<String, Object>>map(d -> json.convertValue(d, MAP)).orElse(Map.of());
            List<DifferenceGroup> differences = differences(details.get("differences"));
            schemaDiffers |= c.kind().equals("schema") && !differences.isEmpty();
            Optional<String> runbook = Runbooks.name(c.kind(), cell.look().state(), state.reason(), details);
            checks.add(new CheckPanel(c.id(), c.kind(), c.target(), Durations.format(c.interval()),
                    c.severity().label(), cell, runbook.orElse(null), runbook.map(runbooks::url).orElse(null),
                    details(details), differences));
        }
        checks.sort(java.util.Comparator.comparingInt((CheckPanel p) -> -p.cell().look().rank()).thenComparing(CheckPanel::id));
        StateLook verdict = StateLook.verdict(report.verdict().label());
        Instant verdictSince = store.history(name, t -> t.check() == null, 1).stream()
                .filter(t -> verdict.state().equals(t.to())).map(Transition::at).findFirst().orElse(null);
        List<TransitionRow> transitions = store.history(name, t -> true, TRANSITIONS).stream().map(t -> transition(t, now)).toList();
        String path = "/api/v1/environments/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        List<String> labels = labels(env);
        return new EnvironmentView(name, labels, verdict, Ages.clock(verdictSince), Ages.between(verdictSince, now),
                report.reasons(), gate(verdict, name, baseUrl, path), checks, transitions,
                schemaDiffers ? path + "/schema/fix.sql" : null, Ages.clock(now), Ages.iso(now), refreshSeconds);
    }

    /** What a gate with default options gets now: the endpoint's status and the gate command's exit code. */
    static Gate gate(StateLook verdict, String name, String baseUrl, String path) {
        int exit = switch (verdict.state()) {
            case "pass", "warn" -> 0;
            case "fail" -> 1;
            default -> 2;
        };
        String meaning = switch (verdict.state()) {
            case "pass" -> "released: every check is ok";
            case "warn" -> "released (blocked with --strict): only warnings or checks that could not answer";
            case "fail" -> "blocked: the environment is verifiably wrong";
            default -> "blocked: driftwatch could not verify every check";
        };
        String url = shell(baseUrl);
        String env = shell(name);
        return new Gate(exit == 0 ? 200 : 503, exit, meaning, List.of(
                "deploy/ci/gate.sh --url " + url + " --env " + env,
                "java -jar quarkus-run.jar gate --url " + url + " --env " + env,
                "curl -fsS " + shell(baseUrl + path + "/verdict")));
    }

    private static String shell(String word) {
        return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private static List<DifferenceGroup> differences(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        Map<String, List<Difference>> byKind = new LinkedHashMap<>();
        for (Object item : list) {
            if (item instanceof Map<?, ?> d) {
                byKind.computeIfAbsent(text(d.get("kind")), k -> new ArrayList<>()).add(new Difference(
                        text(d.get("severity")), text(d.get("object")), text(d.get("expected")), text(d.get("actual"))));
            }
        }
        return byKind.entrySet().stream().map(e -> new DifferenceGroup(e.getKey(), e.getValue())).toList();
    }

    private static List<Detail> details(Map<String, Object> details) {
        return details.entrySet().stream().filter(e -> !e.getKey().equals("differences"))
                .map(e -> new Detail(e.getKey(), text(e.getValue()))).toList();
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> list) {
            return String.join(", ", list.stream().map(EnvironmentPages::text).toList());
        }
        if (value instanceof Map<?, ?> map) {
            return String.join(", ", map.entrySet().stream().map(e -> e.getKey() + "=" + text(e.getValue())).toList());
        }
        return String.valueOf(value);
    }

    private static TransitionRow transition(Transition t, Instant now) {
        boolean verdict = t.check() == null;
        return new TransitionRow(Ages.clock(t.at()), Ages.iso(t.at()), Ages.between(t.at(), now),
                verdict ? "verdict" : t.check(), t.from() == null ? null : look(t.from(), verdict), look(t.to(), verdict), t.reason());
    }

    private static StateLook look(String state, boolean verdict) {
        return verdict ? StateLook.verdict(state) : StateLook.check(state, dev.driftwatch.config.Severity.CRITICAL);
    }

    /** The labels as shown, {@code key=value} sorted; a discovered environment's source first ({@code discovered by previews}). */
    static List<String> labels(EnvironmentConfig env) {
        List<String> labels = new java.util.ArrayList<>();
        if (env.discoveredBy() != null) {
            labels.add("discovered by " + env.discoveredBy());
        }
        env.labels().entrySet().stream().map(l -> l.getKey() + "=" + l.getValue()).sorted().forEach(labels::add);
        return List.copyOf(labels);
    }
}

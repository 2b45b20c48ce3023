package dev.driftwatch.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftwatch.config.Durations;
import dev.driftwatch.config.Severity;
import dev.driftwatch.monitoring.RuleFile.Rule;
import dev.driftwatch.schema.DifferenceKind;
import dev.driftwatch.testsupport.Command;
import dev.driftwatch.testsupport.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** alerts/: promtool validates and unit-tests the rules; the conventions every alert follows are checked here. */
class AlertRulesTest {
    /** The design's alerts (design.md, "Alerts"), the blind spots made loud (issue 19), DriftwatchRateLimitAppErrors (issue 11) and DriftwatchDiscoveryFailing (issue 15). */
    static final Set<String> DESIGN_ALERTS = Set.of("DriftwatchRateLimitFailOpen", "DriftwatchRateLimitAppErrors", "DriftwatchSchemaDrift",
            "DriftwatchMigrationsPending", "DriftwatchProviderKeyRejected", "DriftwatchProviderQuotaExhausted",
            "DriftwatchProviderUnverifiable", "DriftwatchRedisUnreachable", "DriftwatchEnvironmentFailing",
            "DriftwatchChecksStale", "DriftwatchDown", "DriftwatchCheckBlind", "DriftwatchConfigReloadFailing",
            "DriftwatchCatalogDrift", "DriftwatchHistoryWriteFailing", "DriftwatchDiscoveryFailing");
    /** Where runbook links point unless Prometheus has the external label {@code driftwatch_runbooks}. */
    static final String RUNBOOK_BASE = "https://github.com/driftwatch/driftwatch/blob/main/docs/runbooks";
    /** The default check interval: one failed probe holds a series for this long. */
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(30);
    private static final Pattern KIND_REGEX = Pattern.compile("kind=~\"([a-z_|]+)\"");

    private static List<Path> testFiles() throws IOException {
        try (Stream<Path> s = Files.list(RuleFile.TESTS)) {
            return s.filter(p -> p.toString().endsWith(".test.yml")).sorted().toList();
        }
    }

    @Test
    void promtoolAcceptsTheRuleFile() {
        Command.Result r = Command.run(PostgresServer.PROJECT, List.of("promtool", "check", "rules", RuleFile.PATH.toString()));
        assertThat(r.ok()).as("promtool check rules:\n%s", r.output()).isTrue();
    }

    @Test
    void promtoolUnitTestsPass() throws IOException {
        List<String> cmd = new ArrayList<>(List.of("promtool", "test", "rules"));
        testFiles().forEach(p -> cmd.add(p.toString()));
        Command.Result r = Command.run(PostgresServer.PROJECT, cmd);
        assertThat(r.ok()).as("promtool test rules:\n%s", r.output()).isTrue();
        assertThat(r.output()).doesNotContain("FAILED");
    }

    @Test
    void theRuleFileHasExactlyTheDesignsAlerts() {
        assertThat(RuleFile.rules().stream().map(Rule::alert).collect(Collectors.toSet())).isEqualTo(DESIGN_ALERTS);
    }

    @Test
    void everyRuleHasSeverityAnnotationsAndARunbookThatExists() {
        for (Rule rule : RuleFile.rules()) {
            assertThat(rule.severity()).as(rule.alert() + " severity").isIn("critical", "warning");
            assertThat(rule.annotations()).as(rule.alert() + " annotations").containsOnlyKeys("summary", "description", "runbook_url");
            assertThat(rule.annotations().get("runbook_url")).as(rule.alert() + " runbook_url: absolute, base configurable")
                    .isEqualTo("{{ or $externalLabels.driftwatch_runbooks \"" + RUNBOOK_BASE + "\" }}/" + rule.alert() + ".md");
            assertThat(PostgresServer.PROJECT.resolve("docs/runbooks/" + rule.alert() + ".md")).as(rule.alert() + " runbook").isRegularFile();
        }
    }

    @Test
    void summaryAndDescriptionNameWhatTheAlertFiresFor() throws IOException {
        for (Rule rule : RuleFile.rules()) {
            Set<String> labels = firingLabels(rule.alert());
            for (String label : List.of("environment", "target", "provider")) {
                if (labels.contains(label)) {
                    assertThat(rule.annotations().get("summary")).as(rule.alert() + " summary").contains("$labels." + label);
                    assertThat(rule.annotations().get("description")).as(rule.alert() + " description").contains("$labels." + label);
                }
            }
        }
        assertThat(firingLabels("DriftwatchSchemaDrift")).contains("environment", "target");
    }

    /** Labels of the alerts its promtool test expects to fire. */
    private static Set<String> firingLabels(String alert) throws IOException {
        JsonNode file = RuleFile.YAML.readTree(RuleFile.TESTS.resolve(alert + ".test.yml").toFile());
        Set<String> labels = new TreeSet<>();
        for (JsonNode expected : file.findValues("exp_labels")) {
            expected.fieldNames().forEachRemaining(labels::add);
        }
        return labels;
    }

    @Test
    void aSingleFailedProbeNeverPagesAndFailOpenPagesFastest() {
        Duration failOpen = null;
        Duration shortestOther = null;
        for (Rule rule : RuleFile.rules()) {
            assertThat(rule.forDuration()).as(rule.alert() + " for:").isNotNull();
            Duration d = Durations.parse(rule.forDuration());
            assertThat(d).as(rule.alert() + " for: must outlast two probe intervals").isGreaterThanOrEqualTo(PROBE_INTERVAL.multipliedBy(2));
            if (rule.alert().equals("DriftwatchRateLimitFailOpen")) {
                failOpen = d;
            } else if (shortestOther == null || d.compareTo(shortestOther) < 0) {
                shortestOther = d;
            }
        }
        assertThat(failOpen).isNotNull().isLessThan(shortestOther);
    }

    @Test
    void everyAlertHasPromtoolTestsThatFireDoNotFireOnABlipAndResolve() throws IOException {
        Set<String> tested = new TreeSet<>();
        for (Path file : testFiles()) {
            String alert = file.getFileName().toString().replace(".test.yml", "");
            tested.add(alert);
            JsonNode tests = RuleFile.YAML.readTree(file.toFile()).path("tests");
            assertThat(groups(tests, "fires:")).as(file + ": a 'fires:' test").isNotEmpty()
                    .allSatisfy(g -> assertThat(expectations(g, alert)).as(file + " fires:").anyMatch(e -> !e.isEmpty()));
            assertThat(groups(tests, "blip:")).as(file + ": a 'blip:' test").isNotEmpty()
                    .allSatisfy(g -> assertThat(expectations(g, alert)).as(file + " blip:").isNotEmpty().allMatch(JsonNode::isEmpty));
            assertThat(groups(tests, "resolves:")).as(file + ": a 'resolves:' test").isNotEmpty().allSatisfy(g -> {
                List<JsonNode> e = expectations(g, alert);
                int firing = e.indexOf(e.stream().filter(x -> !x.isEmpty()).findFirst().orElseThrow());
                assertThat(e.subList(firing, e.size())).as(file + " resolves: empty after firing").anyMatch(JsonNode::isEmpty);
            });
        }
        assertThat(tested).isEqualTo(DESIGN_ALERTS);
    }

    private static List<JsonNode> groups(JsonNode tests, String prefix) {
        List<JsonNode> out = new ArrayList<>();
        tests.forEach(t -> {
            if (t.path("name").asText().startsWith(prefix)) {
                out.add(t);
            }
        });
        return out;
    }

    /** The exp_alerts of every alert_rule_test for {@code alert}, in eval_time order as written. */
    private static List<JsonNode> expectations(JsonNode group, String alert) {
        List<JsonNode> out = new ArrayList<>();
        group.path("alert_rule_test").forEach(t -> {
            if (t.path("alertname").asText().equals(alert)) {
                out.add(t.path("exp_alerts"));
            }
        });
        return out;
    }

    @Test
    void schemaDriftCoversEveryDifferenceKindWithItsSeverity() {
        Set<String> critical = kinds("critical");
        Set<String> warning = kinds("warning");
        assertThat(critical).isEqualTo(labelsOf(Severity.CRITICAL, Set.of(DifferenceKind.PENDING_MIGRATION)));
        assertThat(warning).isEqualTo(labelsOf(Severity.WARNING, Set.of()));
        assertThat(RuleFile.rules()).filteredOn(r -> r.alert().equals("DriftwatchMigrationsPending"))
                .singleElement().satisfies(r -> assertThat(r.expr()).contains("kind=\"pending_migration\""));
    }

    private static Set<String> kinds(String severity) {
        Rule rule = RuleFile.rules().stream()
                .filter(r -> r.alert().equals("DriftwatchSchemaDrift") && r.severity().equals(severity)).findFirst().orElseThrow();
        Matcher m = KIND_REGEX.matcher(rule.expr());
        assertThat(m.find()).as("kind regex in " + rule.expr()).isTrue();
        return new TreeSet<>(Arrays.asList(m.group(1).split("\\|")));
    }

    private static Set<String> labelsOf(Severity severity, Set<DifferenceKind> except) {
        return Arrays.stream(DifferenceKind.values()).filter(k -> k.severity() == severity && !except.contains(k))
                .map(DifferenceKind::label).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void rulesUseOnlyTheDesignsMetricNames() {
        for (Rule rule : RuleFile.rules()) {
            assertThat(MetricNames.referencedBy(rule.expr())).as(rule.alert()).isNotEmpty().isSubsetOf(MetricNames.known());
        }
    }
}

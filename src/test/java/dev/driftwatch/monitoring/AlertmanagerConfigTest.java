package dev.driftwatch.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.monitoring.RuleFile.Rule;
import dev.driftwatch.testsupport.Command;
import dev.driftwatch.testsupport.PostgresServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** deploy/alertmanager/alertmanager.yml: valid for amtool, and every alert of the rule file routed by its severity. */
class AlertmanagerConfigTest {
    static final Path CONFIG = PostgresServer.PROJECT.resolve("deploy/alertmanager/alertmanager.yml");
    /** Critical pages and is seen in chat; warning goes to chat only. */
    private static final Map<String, String> RECEIVERS = Map.of(
            "critical", "driftwatch-pager,driftwatch-chat",
            "warning", "driftwatch-chat");

    @Test
    void amtoolAcceptsTheConfig() {
        Command.Result r = Command.run(PostgresServer.PROJECT, List.of("amtool", "check-config", CONFIG.toString()));
        assertThat(r.ok()).as("amtool check-config:\n%s", r.output()).isTrue();
    }

    @Test
    void criticalAlertsPageAndWarningsGoToChat() {
        for (Rule rule : RuleFile.rules()) {
            String expected = RECEIVERS.get(rule.severity());
            Command.Result r = Command.run(PostgresServer.PROJECT, List.of("amtool", "config", "routes", "test",
                    "--config.file=" + CONFIG, "--verify.receivers=" + expected,
                    "alertname=" + rule.alert(), "severity=" + rule.severity(), "environment=production"));
            assertThat(r.ok()).as("%s (%s) should reach %s:\n%s", rule.alert(), rule.severity(), expected, r.output()).isTrue();
        }
    }

    @Test
    void theFailOpenAlertPages() {
        Command.Result r = Command.run(PostgresServer.PROJECT, List.of("amtool", "config", "routes", "test",
                "--config.file=" + CONFIG, "alertname=DriftwatchRateLimitFailOpen", "severity=critical", "environment=production"));
        assertThat(r.output().lines().filter(l -> !l.startsWith("Warning:")).toList()).containsExactly("driftwatch-pager,driftwatch-chat");
    }
}

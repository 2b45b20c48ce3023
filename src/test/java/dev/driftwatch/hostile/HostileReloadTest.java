package dev.driftwatch.hostile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.ConfigService;
import dev.driftwatch.probe.ProbeRunner;
import dev.driftwatch.testsupport.Await;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** A reload that one part of the daemon fails to apply is taken back everywhere: the old config stays in effect. */
@QuarkusTest
@WithTestResource(HostileResource.class)
class HostileReloadTest {
    @Inject
    ConfigService config;
    @Inject
    ProbeRunner runner;

    @Test
    void aConfigThatOneListenerCannotApplyLeavesTheOldChecksRunningAndSaysTheReloadFailed() throws Exception {
        Path file = Path.of(ConfigProvider.getConfig().getValue("dwtest.hostile-dir", String.class)).resolve("driftwatch.yaml");
        String good = Files.readString(file);
        Await.until(Duration.ofSeconds(20), () -> config.status().lastReloadSuccess(), ok -> ok, "the good config runs");
        List<CheckDefinition> before = config.current().orElseThrow().checks();
        List<String> schedule = schedule(before); // compared as ids and intervals: a definition's text holds its URL
        assertThat(schedule).isNotEmpty().allSatisfy(check -> assertThat(check).endsWith(" every PT1S"));
        // the running check changes (interval) and a new environment appears: the runner applies both before the
        // last listener fails
        String failing = good.replace("interval: 1s", "interval: 3s") + "  " + ApplyFailure.TRIGGER + ":\n"
                + good.substring(good.indexOf("    schema:"));
        try {
            Files.writeString(file, failing);
            JsonPath ready = Await.until(Duration.ofSeconds(20), () -> given().get("/q/health/ready").jsonPath(),
                    r -> String.valueOf(r.getString("checks.find { it.name == 'config' }.data.errors")).contains("(apply)"), "the failed apply is reported");
            assertThat(ready.getString("status")).isEqualTo("UP");
            assertThat(ready.getBoolean("checks.find { it.name == 'config' }.data.lastReloadSuccess")).isFalse();
            assertThat(ready.getString("checks.find { it.name == 'config' }.data.errors")).isEqualTo("(apply): ApplyFailure could not apply the config "
                    + "(IllegalStateException); the previous config is running again");

            assertThat(schedule(config.current().orElseThrow().checks())).isEqualTo(schedule);
            for (CheckDefinition old : before) {
                assertThat(runner.definition(old.environment(), old.id()).map(d -> d.equals(old)))
                        .as(old.id() + " runs with its old definition").contains(true);
            }
            assertThat(runner.runNow(ApplyFailure.TRIGGER, List.of())).as("no check of the new environment runs").isEmpty();
            given().get("/api/v1/environments").then().statusCode(200)
                    .body("environments.name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(ApplyFailure.TRIGGER)));
            given().get("/api/v1/environments/" + ApplyFailure.TRIGGER).then().statusCode(404);
        } finally {
            Files.writeString(file, good);
        }
        Await.until(Duration.ofSeconds(20), () -> config.status().lastReloadSuccess(), ok -> ok, "the good file loads again");
        assertThat(schedule(config.current().orElseThrow().checks())).isEqualTo(schedule);
    }

    private static List<String> schedule(List<CheckDefinition> checks) {
        return checks.stream().map(d -> d.environment() + " " + d.id() + " every " + d.interval()).toList();
    }
}

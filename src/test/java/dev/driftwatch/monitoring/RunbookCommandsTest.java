package dev.driftwatch.monitoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.testsupport.Await;
import dev.driftwatch.testsupport.Gates;
import dev.driftwatch.testsupport.Gates.Result;
import dev.driftwatch.testsupport.PostgresServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/runbooks/ as the person paged runs them: every shell block, with the placeholders the runbook asks to fill
 * in ({@code ENVIRONMENT="<environment>"}) filled from an alert on {@code staging}, runs as written against a
 * daemon (bash -euo pipefail, curl, jq, redis-cli); and every command, in blocks or inline, fails loudly on an error
 * answer and hard-codes no environment or check.
 */
@QuarkusTest
@WithTestResource(RunbookResource.class)
class RunbookCommandsTest {
    private static final Path RUNBOOKS = PostgresServer.PROJECT.resolve("docs/runbooks");
    private static final Pattern BLOCK = Pattern.compile("(?m)^( *)```sh\\n(.*?)^ *```", Pattern.DOTALL);
    private static final Pattern INLINE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern PLACEHOLDER = Pattern.compile("(?m)^([A-Z_]+)=\"[^\"]*<[^\"]*>[^\"]*\".*$");
    private static final Pattern CHECK_KIND = Pattern.compile("(?m)^CHECK=\"(<check>|[a-z]+)/");
    /** The check of the test environment an alert of each kind would name. */
    private static final Map<String, String> CHECKS = Map.of("<check>", "schema/public", "schema", "schema/public",
            "migrations", "migrations/supabase", "provider", "provider/openai", "ratelimit", "ratelimit/redis",
            "catalog", "catalog/openai");

    @TestHTTPResource("/")
    URL root;

    private static List<Path> runbooks() {
        try (Stream<Path> files = Files.list(RUNBOOKS)) {
            return files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shell blocks of a runbook, unindented. */
    private static List<String> blocks(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            out.add(m.group(2).replaceAll("(?m)^" + m.group(1), ""));
        }
        return out;
    }

    /** Every command line: those of the shell blocks, and inline code that runs curl, jq or redis-cli. */
    private static List<String> commands(String text) {
        List<String> out = new ArrayList<>();
        blocks(text).forEach(b -> b.lines().forEach(out::add));
        Matcher m = INLINE.matcher(BLOCK.matcher(text).replaceAll(""));
        while (m.find()) {
            if (m.group(1).matches("(curl|jq|redis-cli) .*")) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    @Test
    void everyCommandFailsLoudlyAndTakesTheAlertsLabels() throws IOException {
        assertThat(runbooks()).hasSize(AlertRulesTest.DESIGN_ALERTS.size());
        for (Path runbook : runbooks()) {
            String text = Files.readString(runbook);
            assertThat(text).as(runbook + ": a 'From the alert' section").contains("## From the alert");
            for (String line : commands(text)) {
                String code = line.replaceAll("\\s#.*$", "");
                assertThat(code).as(runbook.getFileName() + ": every curl fails on an error answer: " + line)
                        .doesNotContainPattern("\\bcurl(?! -fsS\\b)(?! -sS --fail-with-body\\b)");
                assertThat(code).as(runbook.getFileName() + ": " + line).doesNotContain("production", "ratelimit/upstash", "127.0.0.1")
                        .doesNotContainPattern("checks=(schema|migrations|ratelimit|provider)\\b").doesNotContain("select(.kind==\"ratelimit\")");
            }
        }
    }

    @Test
    void everyShellBlockRunsAsWrittenForAnAlertOnStaging(@TempDir Path workdir) throws IOException {
        Files.createDirectories(workdir.resolve("contracts"));
        Await.until(Duration.ofSeconds(60), () -> given().get("/api/v1/environments/staging/verdict").statusCode(), s -> s == 200,
                "staging passes");
        int ran = 0;
        for (Path runbook : runbooks()) {
            String text = Files.readString(runbook);
            Matcher kind = CHECK_KIND.matcher(text);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("ENVIRONMENT", "staging");
            env.put("CHECK", kind.find() ? CHECKS.get(kind.group(1)) : "");
            env.put("DW", root.toString().replaceAll("/$", ""));
            env.put("DRIFTWATCH_API_TOKEN", RunbookResource.TOKEN);
            env.put("REDIS_URL", ConfigProvider.getConfig().getValue("dwtest.redis-url", String.class));
            env.put("UPSTASH_REDIS_REST_URL", ConfigProvider.getConfig().getValue("dwtest.upstash-url", String.class));
            env.put("UPSTASH_REDIS_REST_TOKEN", RunbookResource.UPSTASH_TOKEN);
            for (String block : blocks(text)) {
                Matcher filled = PLACEHOLDER.matcher(block);
                while (filled.find()) {
                    assertThat(env).as(runbook.getFileName() + ": a placeholder the test fills").containsKey(filled.group(1));
                }
                String script = PLACEHOLDER.matcher(block).replaceAll("").strip();
                if (script.isEmpty()) {
                    continue;
                }
                Result r = Gates.exec(List.of("bash", "--noprofile", "--norc", "-euo", "pipefail", "-c", script), workdir, env);
                assertThat(r.code()).as("%s, CHECK=%s:\n%s\n-> %s", runbook.getFileName(), env.get("CHECK"), script, r.all()).isZero();
                assertThat(r.out()).as("%s printed nothing:\n%s", runbook.getFileName(), script).isNotBlank()
                        .doesNotContain("production").doesNotContain(RunbookResource.TOKEN);
                ran++;
            }
        }
        assertThat(ran).isGreaterThan(20);
        assertThat(workdir.resolve("contracts/staging.json")).as("the contract saved by DriftwatchSchemaDrift's fix").isNotEmptyFile();
    }
}

package dev.driftwatch.monitoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.testsupport.Await;
import dev.driftwatch.testsupport.PostgresServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The JSON log format (the formatter {@code QUARKUS_LOG_CONSOLE_JSON_ENABLED=true} switches the console to, here on
 * the file handler): one JSON object per line, and one INFO line per check state change carrying environment,
 * check, from and to as fields, without secrets.
 */
@QuarkusTest
@WithTestResource(RunbookResource.class)
class JsonLogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SOON = Duration.ofSeconds(60);

    private static List<JsonNode> lines() {
        Path log = Path.of(ConfigProvider.getConfig().getValue("dwtest.json-log", String.class));
        List<JsonNode> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(log)) {
                JsonNode node = JSON.readTree(line);
                assertThat(node.isObject()).as("one JSON object per line: " + line).isTrue();
                out.add(node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static boolean change(JsonNode line, String check, String from, String to) {
        JsonNode mdc = line.path("mdc");
        return line.path("level").asText().equals("INFO") && mdc.path("environment").asText().equals("staging")
                && mdc.path("check").asText().equals(check) && mdc.path("from").asText().equals(from)
                && mdc.path("to").asText().equals(to);
    }

    private static void sql(String statement) throws Exception {
        int port = ConfigProvider.getConfig().getValue("dwtest.pg-port", Integer.class);
        try (Connection c = PostgresServer.connect(port, "app"); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void everyLineIsOneJsonObjectAndEachCheckStateChangeIsOneInfoLine() throws Exception {
        Await.until(SOON, JsonLogsTest::lines, l -> l.stream().anyMatch(x -> change(x, "schema/public", "none", "ok")
                        || change(x, "schema/public", "drift", "ok")), "the schema check's first state is logged");
        sql("ALTER TABLE public.auth_api_keys DROP COLUMN revoked CASCADE");
        try {
            List<JsonNode> lines = Await.until(SOON, JsonLogsTest::lines,
                    l -> l.stream().anyMatch(x -> change(x, "schema/public", "ok", "drift")), "ok -> drift logged");
            JsonNode line = lines.stream().filter(x -> change(x, "schema/public", "ok", "drift")).findFirst().orElseThrow();
            assertThat(line.path("loggerName").asText()).isEqualTo("dev.driftwatch.probe.ObservationStore");
            assertThat(line.path("message").asText()).startsWith("staging schema/public: ok -> drift: ").contains("revoked");
            assertThat(lines.stream().filter(x -> change(x, "schema/public", "ok", "drift"))).as("once per change").hasSize(1);
        } finally {
            sql("ALTER TABLE public.auth_api_keys ADD COLUMN IF NOT EXISTS revoked boolean NOT NULL DEFAULT false");
            sql("CREATE INDEX IF NOT EXISTS auth_api_keys_active_idx ON public.auth_api_keys USING btree (account_id) WHERE (NOT revoked)");
            sql("ALTER TABLE public.auth_api_keys ADD CONSTRAINT auth_api_keys_revoked_consistency CHECK (NOT revoked OR revoked_at IS NOT NULL)");
        }
        Await.until(SOON, JsonLogsTest::lines, l -> l.stream().anyMatch(x -> change(x, "schema/public", "drift", "ok")), "drift -> ok logged");
        Await.until(SOON, () -> given().get("/api/v1/environments/staging/verdict").statusCode(), s -> s == 200, "staging passes again");
        String all = Files.readString(Path.of(ConfigProvider.getConfig().getValue("dwtest.json-log", String.class)));
        assertThat(all).doesNotContain(RunbookResource.TOKEN).doesNotContain("sk-runbook-0123456789");
        // Quarkus' own worker-pool gauges warn when the test JVM starts a second application on the registry of the
        // first; a daemon starts once. Every other duplicate registration (the Netty binder's, at every start) is gone.
        assertThat(all.lines().filter(l -> l.contains("already registered") && !l.contains("worker.pool")))
                .as("duplicate meter registrations at start").isEmpty();
    }
}

package dev.driftwatch.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.ConfigException;
import dev.driftwatch.config.EnvironmentsFileParser;
import dev.driftwatch.config.Severity;
import dev.driftwatch.fixtures.SmokeApp;
import dev.driftwatch.probe.Measurement;
import dev.driftwatch.probe.Outcome;
import dev.driftwatch.probe.Probe;
import dev.driftwatch.probe.ProbeResult;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Smoke checks against a real loopback app: the reference application's four, and each way an answer can fail. */
class SmokeProbeTest {
    private static final String RPM1_KEY = "tm-test-rpm1-0123456789abcdef";
    private SmokeApp app;

    @BeforeEach
    void start() throws IOException {
        app = new SmokeApp().key(RPM1_KEY, 1).key("tm-test-open", 1000);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    static List<CheckDefinition> parse(String smokeGroup, Map<String, String> env) {
        return new EnvironmentsFileParser(List.of(new SmokeCheckGroup()), env::get, Duration.ofSeconds(30), Duration.ofSeconds(5))
                .parse("environments:\n  production:\n    smoke:\n" + smokeGroup.indent(6), Path.of("."))
                .environment("production").orElseThrow().checks();
    }

    private ProbeResult run(String entry) throws Exception {
        List<CheckDefinition> checks = parse(entry, Map.of("RPM1_KEY", RPM1_KEY, "APP", app.url()));
        try (Probe probe = new SmokeCheckGroup().newProbe(checks.get(0))) {
            return probe.probe(Duration.ofSeconds(5));
        }
    }

    /** The reference application's smoke checks, as docs/checks/smoke.md shows them. */
    static final String REFERENCE = """
            home: {url: "${APP}/", expect: {status: 200, headerContains: {Content-Type: text/html}}}
            api-unauthenticated: {url: "${APP}/api/v1/models", expect: {status: 401}}
            cors-preflight:
              method: OPTIONS
              url: "${APP}/api/v1/models"
              headers: {Origin: "https://agent.example.com", Access-Control-Request-Method: POST, Access-Control-Request-Headers: X-Agent-Id}
              expect: {headerContains: {Access-Control-Allow-Headers: X-Agent-Id}}
            rate-limit:
              url: "${APP}/api/v1/models"
              headers: {Authorization: "Bearer ${RPM1_KEY}"}
              repeat: 2
              expectLast: {status: 429}
            """;

    @Test
    void theReferenceApplicationsFourChecksPass() throws Exception {
        List<CheckDefinition> checks = parse(REFERENCE, Map.of("RPM1_KEY", RPM1_KEY, "APP", app.url()));
        assertThat(checks).extracting(CheckDefinition::id)
                .containsExactly("smoke/home", "smoke/api-unauthenticated", "smoke/cors-preflight", "smoke/rate-limit");
        for (CheckDefinition check : checks) {
            try (Probe probe = new SmokeCheckGroup().newProbe(check)) {
                ProbeResult r = probe.probe(Duration.ofSeconds(5));
                assertThat(r.outcome()).as(check.id() + ": " + r.reason()).isEqualTo(Outcome.OK);
            }
        }
    }

    @Test
    void aLimiterThatFailsOpenIsCriticalDriftNamingIt() throws Exception {
        app.failOpen(true);
        ProbeResult r = run("""
                rate-limit: {url: "${APP}/api/v1/models", headers: {Authorization: "Bearer ${RPM1_KEY}"}, repeat: 2, expectLast: {status: 429}, severity: warning}
                """);
        assertThat(r.outcome()).isEqualTo(Outcome.DRIFT);
        assertThat(r.severity()).as("fail-open is critical whatever the check's severity").isEqualTo(Severity.CRITICAL);
        assertThat(r.reason()).isEqualTo("GET " + app.url() + "/api/v1/models (request 2 of 2) answered 200, expected 429: "
                + "the rate limiter is failing open (it lets every request through)");
        assertThat(r.details()).containsEntry("failOpen", true);
        assertThat(r.measurements()).contains(SmokeSeries.FAIL_OPEN.measure(1, "target", "rate-limit"));
        assertThat(r.toString()).doesNotContain(RPM1_KEY);
    }

    @Test
    void eachExpectationNamesWhatTheAnswerGotWrong() throws Exception {
        assertThat(run("home: {url: \"${APP}/\", expect: {status: 201}}").reason())
                .isEqualTo("GET " + app.url() + "/: answered 200, expected 201");
        assertThat(run("m: {url: \"${APP}/api/v1/models\", headers: {Authorization: \"Bearer tm-test-open\"}, "
                + "expect: {jsonPointer: {/data/0/id: gpt-4o, /object: list}}}").reason())
                .endsWith(": /data/0/id is not gpt-4o");
        assertThat(run("m: {url: \"${APP}/api/v1/models\", headers: {Authorization: \"Bearer tm-test-open\"}, "
                + "expect: {jsonPointer: {/data/0/id: gpt-4o-mini}, bodyMatches: \"\\\"object\\\":\\\"list\\\"\"}}").outcome())
                .isEqualTo(Outcome.OK);
        assertThat(run("home: {url: \"${APP}/\", expect: {bodyMatches: \"<h1>shop</h1>\"}}").reason())
                .endsWith(": the body does not match /<h1>shop</h1>/");
        assertThat(run("home: {url: \"${APP}/\", expect: {headerContains: {X-Frame-Options: DENY}}}").reason())
                .endsWith(": no X-Frame-Options header (expected it to contain 'DENY')");
        assertThat(run("cors: {method: OPTIONS, url: \"${APP}/\", expect: {status: 204, jsonPointer: {/a: b}}}").reason())
                .endsWith(": the body is not JSON (expected /a)");
        ProbeResult slow = run("slow: {url: \"${APP}/slow\", expect: {maxLatency: 100ms}}");
        assertThat(slow.outcome()).isEqualTo(Outcome.DRIFT);
        assertThat(slow.reason()).endsWith("ms, above the 100ms ceiling");
    }

    @Test
    void noAnswerAndRateLimitedAnswersAreUnknownNotDrift() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ProbeResult refused = run("home: {url: \"http://127.0.0.1:" + closed + "/\", expect: {status: 200}}");
        assertThat(refused.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(refused.reason()).isEqualTo("GET http://127.0.0.1:" + closed + "/: cannot connect to 127.0.0.1:" + closed);

        run("first: {url: \"${APP}/api/v1/models\", headers: {Authorization: \"Bearer ${RPM1_KEY}\"}, expect: {status: 200}}");
        ProbeResult limited = run("again: {url: \"${APP}/api/v1/models\", headers: {Authorization: \"Bearer ${RPM1_KEY}\"}, expect: {status: 200}}");
        assertThat(limited.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(limited.reason()).endsWith("answered 429, expected 200: cannot verify now");
    }

    @Test
    void badEntriesAreConfigErrorsNamingTheirPath() {
        assertThatThrownBy(() -> parse("""
                a: {url: "ftp://x", expect: {status: 99, jsonPointer: {data: 1}, bodyMatches: "("}}
                b: {url: "http://x/", repeat: 1, expectLast: {status: 429}}
                c: {url: "http://x/", method: FETCH}
                """, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("environments.production.smoke.a.url: must be an http:// or https:// URL with a host")
                .hasMessageContaining("environments.production.smoke.a.expect.status: must be between 100 and 599")
                .hasMessageContaining("environments.production.smoke.a.expect.jsonPointer: 'data' is not a JSON pointer")
                .hasMessageContaining("environments.production.smoke.a.expect.bodyMatches: not a regular expression")
                .hasMessageContaining("environments.production.smoke.b.expectLast: needs repeat: 2 or more")
                .hasMessageContaining("environments.production.smoke.c.method: must be one of")
                .hasMessageContaining("environments.production.smoke.c.expect: required");
    }

    @Test
    void credentialHeadersAreSecretsOtherHeadersAreNot() {
        SmokeSettings s = (SmokeSettings) parse(REFERENCE, Map.of("RPM1_KEY", RPM1_KEY, "APP", app.url())).get(3).settings();
        assertThat(s.secrets()).extracting(x -> x.reveal()).containsExactlyInAnyOrder("Bearer " + RPM1_KEY, RPM1_KEY);
        SmokeSettings cors = (SmokeSettings) parse(REFERENCE, Map.of("RPM1_KEY", RPM1_KEY, "APP", app.url())).get(2).settings();
        assertThat(cors.secrets()).isEmpty();
    }
}

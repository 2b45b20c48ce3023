package dev.driftwatch.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.driftwatch.testsupport.Gates;
import dev.driftwatch.testsupport.Gates.Result;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gate's decisions and messages, the same for the Java gate and the bash + curl gate, against a stand-in
 * server answering with driftwatch's bodies (those the API tests produce), including ones a real environment rarely
 * gives: a strict warn, errors, and a proxy's HTML.
 */
class GateCommandTest {
    private HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private record Answer(int status, String body) {
    }

    private static String verdict(String env, String verdict, List<String> reasons, String states) {
        return "{\"environment\":\"" + env + "\",\"verdict\":\"" + verdict + "\",\"evaluatedAt\":\"2026-11-26T10:00:00Z\","
                + "\"reasons\":[" + String.join(",", reasons.stream().map(r -> "\"" + r + "\"").toList()) + "],"
                + "\"checks\":[" + states + "]}";
    }

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            String[] path = exchange.getRequestURI().getPath().split("/");
            String env = path[4];
            Answer a = answers.getOrDefault(path.length == 5 ? env + "#detail" : env, answers.getOrDefault(env, new Answer(404, "{\"status\":404,\"error\":\"no environment named '" + env + "'\"}")));
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", a.body().startsWith("<") ? "text/html" : "application/json");
            exchange.sendResponseHeaders(a.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Both gates, asserted to agree on the exit code and the summary. */
    private Result both(String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "--url";
        full[1] = url();
        System.arraycopy(args, 0, full, 2, args.length);
        Result java = Gates.inProcess(full);
        Result shell = Gates.script(full);
        assertThat(shell.code()).as("shell vs java: " + shell.all() + " / " + java.all()).isEqualTo(java.code());
        assertThat(shell.out()).isEqualTo(java.out());
        return java;
    }

    @Test
    void aStrictWarnBlocksWithOneForDriftAndTwoForUnverifiedChecks() {
        answers.put("drifting", new Answer(503, verdict("drifting", "warn", List.of("schema/public: warning drift: missing index x"),
                "{\"check\":\"schema/public\",\"state\":\"drift\",\"severity\":\"warning\"}")));
        answers.put("unverified", new Answer(503, verdict("unverified", "warn", List.of("schema/public: unknown: timed out after 5s"),
                "{\"check\":\"schema/public\",\"state\":\"unknown\",\"severity\":\"critical\"}")));
        answers.put("relaxed", new Answer(200, verdict("relaxed", "warn", List.of("schema/public: info drift: 1 extra object"),
                "{\"check\":\"schema/public\",\"state\":\"drift\",\"severity\":\"info\"}")));

        Result drifting = both("--env", "drifting", "--strict");
        assertThat(drifting.code()).isEqualTo(1);
        assertThat(drifting.out()).isEqualTo("driftwatch gate: drifting: FAIL (exit 1, blocked: the environment is verifiably wrong)\n"
                + "  - schema/public: warning drift: missing index x\n");
        Result unverified = both("--env", "unverified", "--strict");
        assertThat(unverified.code()).isEqualTo(2);
        assertThat(unverified.out()).startsWith("driftwatch gate: unverified: UNKNOWN (exit 2, blocked: cannot verify schema/public)\n");
        assertThat(both("--env", "relaxed").out()).startsWith("driftwatch gate: relaxed: WARN (exit 0, release may proceed)\n");
        assertThat(both("--env", "relaxed").code()).isZero();
        assertThat(requests).anyMatch(r -> r.equals("GET /api/v1/environments/drifting/verdict?strict=true"));
    }

    @Test
    void aCriticalCheckThatCannotSeeBlocksWithTwoNamingTheCheck() {
        answers.put("blind", new Answer(503, verdict("blind", "unknown",
                List.of("schema/public: cannot verify: credentials rejected by db: role is not permitted to log in"),
                "{\"check\":\"schema/public\",\"state\":\"unknown\",\"severity\":\"critical\"},"
                        + "{\"check\":\"migrations/supabase\",\"state\":\"ok\",\"severity\":\"critical\"}")));
        Result r = both("--env", "blind");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEqualTo("driftwatch gate: blind: UNKNOWN (exit 2, blocked: cannot verify schema/public)\n"
                + "  - schema/public: cannot verify: credentials rejected by db: role is not permitted to log in\n");
    }

    @Test
    void migrationsTheGateCannotConfirmSayWhatTheExitCodeSaysAndNotAllOk(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("00001_a.sql"), "select 1;");
        java.nio.file.Files.writeString(dir.resolve("00002_b.sql"), "select 1;");
        String passing = verdict("%s", "pass", List.of("all 2 checks ok"),
                "{\"check\":\"schema/public\",\"state\":\"ok\"},{\"check\":\"migrations/supabase\",\"state\":\"ok\"}");
        answers.put("unlisted", new Answer(200, passing.formatted("unlisted")));
        answers.put("behind", new Answer(200, passing.formatted("behind")));
        answers.put("behind#detail", new Answer(200, "{\"environment\":\"behind\",\"checks\":[{\"kind\":\"migrations\","
                + "\"observation\":{\"details\":{\"appliedVersions\":[\"00001\"]}}}]}"));

        Result unlisted = both("--env", "unlisted", "--migrations", dir.toString());
        assertThat(unlisted.code()).isEqualTo(2);
        assertThat(unlisted.out()).isEqualTo("driftwatch gate: unlisted: UNKNOWN (exit 2, blocked: cannot verify the migrations of this release)\n"
                + "  - --migrations: unlisted has no migrations check with a recent answer listing the applied versions\n");
        Result behind = both("--env", "behind", "--migrations", dir.toString());
        assertThat(behind.code()).isEqualTo(1);
        assertThat(behind.out()).isEqualTo("driftwatch gate: behind: FAIL (exit 1, blocked: the environment is verifiably wrong)\n"
                + "  - 1 migration file(s) of this release not applied in behind: 00002_b.sql\n");
    }

    @Test
    void anUnreachableDaemonIsExplainedByBothGates() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed;
        Result java = Gates.inProcess("--url", url, "--env", "production");
        assertThat(java.code()).isEqualTo(2);
        assertThat(java.err()).startsWith("driftwatch gate: driftwatch unreachable at " + url + ": ").contains("onnection refused");
        Result shell = Gates.script("--url", url, "--env", "production");
        assertThat(shell.code()).isEqualTo(2);
        assertThat(shell.err()).startsWith("driftwatch gate: driftwatch unreachable at " + url + ": ").contains("onnect");
    }

    @Test
    void theGateSendsItsCriteriaAndPrintsReasonsWithEscapesIntact() {
        answers.put("production", new Answer(503, verdict("production", "fail",
                List.of("migrations/supabase: critical drift: 1 migration pending: 00027_a.sql", "a \\\"quoted\\\" \\u00e9 reason"),
                "{\"check\":\"migrations/supabase\",\"state\":\"drift\"}")));
        Result r = both("--env", "production", "--checks", "schema,migrations", "--max-age", "90s",
                "--since", "2026-11-26T10:00:00+01:00", "--strict");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("  - migrations/supabase: critical drift: 1 migration pending: 00027_a.sql\n")
                .contains("  - a \"quoted\" é reason\n");
        assertThat(requests).hasSize(2).allMatch(q -> q.equals("GET /api/v1/environments/production/verdict"
                + "?checks=schema%2Cmigrations&maxAge=90s&since=2026-11-26T10%3A00%3A00%2B01%3A00&strict=true"), "the criteria");
    }

    @Test
    void errorsAndForeignAnswersAreUnknownWithTheReason() {
        answers.put("proxied", new Answer(502, "<html><body>Bad Gateway</body></html>"));
        Result missing = both("--env", "nope");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("driftwatch answered 404: no environment named 'nope'");
        Result proxied = both("--env", "proxied");
        assertThat(proxied.code()).isEqualTo(2);
        assertThat(proxied.err()).contains("driftwatch answered 502: <html>");
        Result json = Gates.inProcess("--url", url(), "--env", "nope", "--json");
        assertThat(json.out()).isEmpty();
    }

    @Test
    void badUsageExitsTwoNamingTheFlag() {
        Function<String[], Result> java = Gates::inProcess;
        Function<String[], Result> shell = Gates::script;
        for (Function<String[], Result> gate : List.of(java, shell)) {
            assertThat(gate.apply(new String[] {"--url", url()}).err()).contains("--env: required");
            assertThat(gate.apply(new String[] {"--url", "ftp://x", "--env", "a"}).err()).contains("--url: 'ftp://x' is not an http(s) URL");
            assertThat(gate.apply(new String[] {"--url", url(), "--env", "a", "--since", "yesterday"}).err())
                    .contains("--since: 'yesterday' is not 'now' or an RFC 3339 time");
            assertThat(gate.apply(new String[] {"--url", url(), "--env", "a", "--wait", "5 minutes"}).err())
                    .contains("--wait: '5 minutes' is not a duration");
            assertThat(gate.apply(new String[] {"--url", url(), "--env", "a", "--probe"}).err())
                    .contains("--probe: needs the API token");
            assertThat(gate.apply(new String[] {"--url", url(), "--env", "a", "--bogus"}).code()).isEqualTo(2);
        }
        for (String huge : List.of("9999999999999999h", "366d")) {
            Result r = Gates.inProcess(new String[] {"--url", url(), "--env", "a", "--wait", huge});
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("--wait: '" + huge + "' is longer than the longest duration accepted, 365d");
        }
        for (Function<String[], Result> gate : List.of(java, shell)) {
            assertThat(gate.apply(new String[] {"--help"}).code()).isZero();
        }
        assertThat(requests).as("nothing was asked").isEmpty();
    }
}

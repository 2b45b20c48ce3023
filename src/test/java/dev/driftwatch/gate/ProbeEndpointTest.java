package dev.driftwatch.gate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.api.ProbeRequests;
import dev.driftwatch.testsupport.Await;
import dev.driftwatch.testsupport.GateResource;
import dev.driftwatch.testsupport.Gates;
import dev.driftwatch.testsupport.Gates.Result;
import dev.driftwatch.testsupport.PostgresServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST .../probe} on a real PostgreSQL: the token, concurrent requests sharing one run (counted in the
 * database server's own statement log) and the per-environment spacing.
 */
@QuarkusTest
@WithTestResource(GateResource.class)
class ProbeEndpointTest {
    private static final String PROBE = "/api/v1/environments/ondemand/probe";
    private static final String MIGRATIONS_QUERY = "SELECT version FROM supabase_migrations.schema_migrations";
    /** In both statements a schema run may send: the catalog fingerprint alone, or the catalog query with it. */
    private static final String CATALOG_QUERY = "SELECT md5(concat_ws('/',";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ProbeRequests probes;

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void ondemandObservedOnce() {
        Await.until(GateTest.SOON, () -> given().get("/api/v1/environments/ondemand").then().extract().<List<Object>>path("checks.observation"),
                l -> l.stream().allMatch(o -> o != null), "ondemand observed once");
    }

    /** Statements of one kind that driftwatch ran on the {@code ondemand} database, from the server's log. */
    private static long logged(String query) throws Exception {
        String prefix = "driftwatch|ondemand|LOG:  ";
        Path log = Path.of(ConfigProvider.getConfig().getValue("dwtest.pg-log", String.class));
        return Files.readString(log, StandardCharsets.ISO_8859_1).lines()
                .filter(l -> l.startsWith(prefix + "execute") || l.startsWith(prefix + "statement:"))
                .filter(l -> l.contains(query)).count();
    }

    @Test
    void theTokenIsRequiredAndCheckedAndNeverEchoed() {
        Response none = given().post(PROBE);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"driftwatch\"");
        assertThat(none.jsonPath().getString("error")).startsWith("this endpoint needs a bearer token");
        given().header("Authorization", "Basic " + GateResource.TOKEN).post(PROBE).then().statusCode(401);
        given().header("Authorization", "Bearer").post(PROBE).then().statusCode(401);
        given().post("/api/v1/environments/nope/probe").then().statusCode(401); // no environment names for strangers

        String wrong = GateResource.TOKEN.substring(0, GateResource.TOKEN.length() - 1) + "x";
        given().header("Authorization", "Bearer " + wrong).post(PROBE).then().statusCode(403)
                .body("error", equalTo("the bearer token is not the one this server was given"))
                .body(not(containsString(wrong)));

        Result gate = Gates.inProcess("--url", url(), "--env", "ondemand", "--probe", "--token", wrong);
        assertThat(gate.code()).isEqualTo(GateCommand.UNKNOWN);
        assertThat(gate.err()).contains("probe refused (403): the bearer token is not the one this server was given")
                .doesNotContain(wrong);
        Result script = Gates.exec(List.of("bash", Gates.SCRIPT.toString(), "--url", url(), "--env", "ondemand", "--probe"),
                Gates.SCRIPT.getParent(), java.util.Map.of("DRIFTWATCH_API_TOKEN", wrong));
        assertThat(script.code()).isEqualTo(2);
        assertThat(script.err()).contains("probe refused (403)").doesNotContain(wrong);
    }

    @Test
    void tenConcurrentProbesShareOneRunAndTheNextOneIsRateLimited() throws Exception {
        long migrationsBefore = logged(MIGRATIONS_QUERY);
        long catalogBefore = logged(CATALOG_QUERY);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        int port = ConfigProvider.getConfig().getValue("dwtest.pg-port", Integer.class);
        try (Connection lock = PostgresServer.connect(port, "ondemand");
             Statement s = lock.createStatement()) {
            // Holds the run inside the database until all ten requests are in, so they provably arrive during it.
            lock.setAutoCommit(false);
            s.execute("LOCK TABLE supabase_migrations.schema_migrations IN ACCESS EXCLUSIVE MODE");
            for (int i = 0; i < 10; i++) {
                responses.add(http.sendAsync(HttpRequest.newBuilder(URI.create(url() + PROBE))
                        .header("Authorization", "Bearer " + GateResource.TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()));
            }
            Await.until(GateTest.SOON, () -> probes.waiting("ondemand"), n -> n == 10, "ten requests waiting on the run");
            lock.commit();
        }
        Set<String> observedAt = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> r : responses) {
            HttpResponse<String> response = r.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("verdict").asText()).isEqualTo("pass");
            observedAt.add(body.path("checks").toString());
        }
        assertThat(observedAt).as("every request got the same observations").hasSize(1);
        Await.until(GateTest.SOON, () -> uncheck(() -> logged(MIGRATIONS_QUERY)), n -> n >= migrationsBefore + 1, "the run in the log");
        assertThat(logged(MIGRATIONS_QUERY)).as("one migrations run for ten requests").isEqualTo(migrationsBefore + 1);
        assertThat(logged(CATALOG_QUERY)).as("one schema run for ten requests").isEqualTo(catalogBefore + 1);

        Response limited = given().header("Authorization", "Bearer " + GateResource.TOKEN).post(PROBE);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 8);
        assertThat(limited.jsonPath().getString("error")).startsWith("environment ondemand was probed on demand ")
                .contains("runs are at least 8s apart");
        assertThat(logged(MIGRATIONS_QUERY)).as("a refused request runs nothing").isEqualTo(migrationsBefore + 1);

        Response later = Await.until(Duration.ofSeconds(20), () -> given().header("Authorization", "Bearer " + GateResource.TOKEN)
                .post(PROBE + "?checks=migrations"), r -> r.statusCode() != 429, "the spacing has passed");
        assertThat(later.statusCode()).isEqualTo(200);
        assertThat(later.jsonPath().getList("checks.check")).containsExactly("migrations/supabase");
        assertThat(logged(MIGRATIONS_QUERY)).isEqualTo(migrationsBefore + 2);
        assertThat(logged(CATALOG_QUERY)).as("checks= runs only those").isEqualTo(catalogBefore + 1);
    }

    private String url() {
        return root.toString().replaceAll("/$", "");
    }

    private interface Io<T> {
        T get() throws Exception;
    }

    private static <T> T uncheck(Io<T> io) {
        try {
            return io.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.driftwatch.hostile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.api.VerdictWaiters;
import dev.driftwatch.testsupport.Await;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Unauthenticated floods of large bodies, and long polls whose clients hang up or hog the slots. */
@QuarkusTest
@WithTestResource(HostileResource.class)
class HostileLoadTest {
    private static final String NEVER_SETTLES = "/api/v1/environments/local/verdict?wait=60s&since=2100-01-01T00:00:00Z";

    @Inject
    VerdictWaiters waiters;

    @Test
    void theTokenIsCheckedBeforeAnyOfTheBodyIsSent() throws Exception {
        for (String path : List.of("/api/v1/environments/local/releases", "/api/v1/environments/local/probe",
                "/api/v1/environments/nope/releases")) {
            try (Socket s = RawHttp.open()) {
                RawHttp.head(s, "POST", path, "Content-Type: application/json", "Content-Length: 1048576");
                String response = RawHttp.response(s);
                assertThat(response).as(path).startsWith("HTTP/1.1 401").contains("application/json")
                        .contains("\"error\":\"this endpoint needs a bearer token");
            }
        }
        try (Socket s = RawHttp.open()) {
            RawHttp.head(s, "POST", "/api/v1/environments/local/releases", "Authorization: Bearer " + HostileResource.TOKEN,
                    "Content-Length: 1048576");
            assertThat(RawHttp.response(s)).startsWith("HTTP/1.1 413").contains("\"status\":413");
        }
    }

    @Test
    void aChunkedBodyWithoutATokenIsRefusedBeforeItIsReadAndOneOverTheLimitGets413InJson() throws Exception {
        for (String path : List.of("/api/v1/environments/local/releases", "/api/v1/environments/local/probe")) {
            try (Socket s = RawHttp.open()) {
                RawHttp.head(s, "POST", path, "Content-Type: application/json", "Transfer-Encoding: chunked");
                String response = RawHttp.response(s);
                assertThat(response).as(path + ": answered before any chunk is sent").startsWith("HTTP/1.1 401")
                        .contains("application/json").contains("\"error\":\"this endpoint needs a bearer token");
            }
        }
        try (Socket s = RawHttp.open()) {
            RawHttp.head(s, "POST", "/api/v1/environments/local/releases", "Authorization: Bearer " + HostileResource.TOKEN,
                    "Content-Type: application/json", "Transfer-Encoding: chunked");
            byte[] chunk = ("1000\r\n" + "x".repeat(0x1000) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 8; i++) {
                body.write(chunk);
            }
            body.write("0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            RawHttp.body(s, body.toByteArray());
            String response = RawHttp.response(s);
            assertThat(response).as("32 KB in chunks").startsWith("HTTP/1.1 413").contains("application/json")
                    .contains("\"status\":413").contains("\"error\":\"");
        }
        given().header("Authorization", "Bearer " + HostileResource.TOKEN).contentType("application/json")
                .body("{\"commit\": \"abcdef1\"}").post("/api/v1/environments/local/releases").then().statusCode(201);
    }

    @Test
    void fiftyConcurrentUnauthenticatedOneMegabytePostsLeaveHeapAndDaemonUnharmed() throws Exception {
        byte[] megabyte = new byte[1024 * 1024];
        java.util.Arrays.fill(megabyte, (byte) 'a');
        long before = heapAfterGc();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<String>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                String path = i % 2 == 0 ? "/api/v1/environments/local/releases" : "/api/v1/environments/local/probe";
                answers.add(pool.submit(() -> {
                    try (Socket s = RawHttp.open()) {
                        RawHttp.head(s, "POST", path, "Content-Type: application/json", "Content-Length: " + megabyte.length);
                        RawHttp.body(s, megabyte);
                        return RawHttp.response(s);
                    }
                }));
            }
            for (Future<String> answer : answers) {
                String response = answer.get();
                assertThat(response).as("each is refused without reading the body").startsWith("HTTP/1.1 401");
            }
        } finally {
            pool.shutdownNow();
        }
        long after = heapAfterGc();
        System.out.printf("heap used after GC: %d MB before, %d MB after 50 x 1 MB unauthenticated posts%n",
                before >> 20, after >> 20);
        assertThat(after - before).as("no request body is retained").isLessThan(25L << 20);
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/api/v1/environments/local").then().statusCode(200);
    }

    @Test
    void abandonedLongPollsFreeTheirSlotsWithinASecondAndOneClientCannotHoldEverySlot() throws Exception {
        Await.until(Duration.ofSeconds(10), () -> waiters.waiting(), n -> n == 0, "no long poll is waiting");
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Socket s = RawHttp.open();
                RawHttp.head(s, "GET", NEVER_SETTLES);
                sockets.add(s);
            }
            Await.until(Duration.ofSeconds(10), () -> waiters.waiting(), n -> n == 4, "4 long polls waiting");
            given().when().get(NEVER_SETTLES).then().statusCode(503).header("Retry-After", "5")
                    .body("error", org.hamcrest.Matchers.startsWith("this client already has 4 requests waiting"));
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        Await.until(Duration.ofSeconds(1), () -> waiters.waiting(), n -> n == 0,
                "every slot is free within a second of the clients hanging up");
        given().when().get("/api/v1/environments/local/verdict?wait=10ms&since=2100-01-01T00:00:00Z").then()
                .body("verdict", org.hamcrest.Matchers.equalTo("unknown"));
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

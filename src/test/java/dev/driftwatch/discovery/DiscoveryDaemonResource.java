package dev.driftwatch.discovery;

import com.sun.net.httpserver.HttpServer;
import dev.driftwatch.testsupport.DaemonResource;
import dev.driftwatch.testsupport.DebugLog;
import dev.driftwatch.testsupport.PostgresServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A daemon whose previews are found by an http_sd endpoint: a private PostgreSQL with {@code app} (staging) and two
 * preview databases built from the same migrations, and an http_sd server on loopback (Prometheus's shape,
 * https://prometheus.io/docs/prometheus/latest/http_sd/: 200 with a JSON list of {targets, labels}) that requires a
 * bearer token and answers what the test writes into {@code sd.json}, or the status in {@code sd.status}.
 */
public class DiscoveryDaemonResource extends DaemonResource {
    public static final String SD_TOKEN = "dwtest-sd-bearer-4f7c1e9a2b6d8035";
    public static final String PREVIEW_PASSWORD = "dwtest-preview-pw-91d3c07e55aa";

    public DiscoveryDaemonResource() {
        super("driftwatch-discovery-");
    }

    @Override
    protected String environments(Path dir, Map<String, String> properties) throws IOException {
        PostgresServer pg = own(PostgresServer.start());
        pg.createReferenceDatabase("app", PostgresServer.MIGRATIONS);
        pg.createReferenceDatabase("preview_a", PostgresServer.MIGRATIONS);
        pg.createReferenceDatabase("preview_b", PostgresServer.MIGRATIONS);
        Files.writeString(dir.resolve("sd.json"), "[]");
        HttpServer sd = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sd.createContext("/sd.json", exchange -> {
            try (exchange) {
                byte[] body;
                int status;
                if (!("Bearer " + SD_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    status = 401;
                    body = "{\"error\":\"unauthorized\"}".getBytes();
                } else {
                    status = readStatus(dir);
                    body = status == 200 ? Files.readAllBytes(dir.resolve("sd.json")) : "{\"error\":\"internal\"}".getBytes();
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        sd.start();
        own(() -> sd.stop(0));
        properties.put("dwtest.pg-port", Integer.toString(pg.port()));
        properties.put("dwtest.sd-dir", dir.toString());
        properties.putAll(DebugLog.toFile(dir.resolve("driftwatch.log")));
        return """
                interval: 1s
                timeout: 2s
                environments:
                  staging:
                    schema: {url: "jdbc:postgresql://127.0.0.1:%1$d/app", user: postgres}
                discover:
                  previews:
                    http: {url: "http://127.0.0.1:%2$d/sd.json", interval: 1s, bearer_token: %3$s}
                    grace: 2s
                    environment: "preview-${discovered.branch}"
                    template:
                      schema: {url: "jdbc:postgresql://${discovered.db_host}/${discovered.db}", user: postgres, password: %4$s, reference: staging}
                """.formatted(pg.port(), sd.getAddress().getPort(), SD_TOKEN, PREVIEW_PASSWORD);
    }

    private static int readStatus(Path dir) throws IOException {
        try {
            return Integer.parseInt(Files.readString(dir.resolve("sd.status")).strip());
        } catch (NoSuchFileException e) {
            return 200;
        }
    }
}

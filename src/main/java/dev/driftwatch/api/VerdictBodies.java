package dev.driftwatch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.config.ConfigListener;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.verdict.VerdictReport;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON body of a verdict, encoded by the REST layer's own mapper and kept per environment: a gate polling an
 * unchanged verdict gets the last encoding with only its {@code evaluatedAt} replaced, since every request is still
 * evaluated fresh.
 */
@ApplicationScoped
public class VerdictBodies implements ConfigListener {
    private final ObjectMapper json;
    private final Map<String, Encoded> last = new ConcurrentHashMap<>();

    @Inject
    public VerdictBodies(ObjectMapper json) {
        this.json = json;
    }

    /**
     * A report's encoding split around its {@code evaluatedAt} value; {@code tail} is null when the value was not
     * found as an ISO-8601 instant (a mapper configured otherwise), and then {@code head} is the whole body.
     */
    private record Encoded(VerdictReport report, byte[] head, byte[] tail) {
        boolean answers(VerdictReport other) {
            return tail != null && report.environment().equals(other.environment()) && report.verdict() == other.verdict()
                    && report.reasons().equals(other.reasons()) && report.checks().equals(other.checks());
        }
    }

    public Buffer of(VerdictReport report) {
        Encoded e = last.get(report.environment());
        if (e == null || !e.answers(report)) {
            e = encode(report);
            last.put(report.environment(), e);
            if (e.tail() == null) {
                return Buffer.buffer(e.head());
            }
        }
        byte[] at = report.evaluatedAt().toString().getBytes(StandardCharsets.ISO_8859_1);
        return Buffer.buffer(e.head().length + at.length + e.tail().length)
                .appendBytes(e.head()).appendBytes(at).appendBytes(e.tail());
    }

    private Encoded encode(VerdictReport report) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the verdict of " + report.environment(), e);
        }
        // No string value can hold this: a quote inside one is escaped.
        byte[] marker = ("\"evaluatedAt\":\"" + report.evaluatedAt() + "\"").getBytes(StandardCharsets.UTF_8);
        int at = indexOf(body, marker);
        if (at < 0) {
            return new Encoded(report, body, null);
        }
        int start = at + marker.length - report.evaluatedAt().toString().length() - 1;
        int end = at + marker.length - 1;
        return new Encoded(report, Arrays.copyOfRange(body, 0, start), Arrays.copyOfRange(body, end, body.length));
    }

    private static int indexOf(byte[] body, byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= body.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (body[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void onConfig(MonitorConfig config) {
        last.keySet().removeIf(env -> !config.environments().containsKey(env));
    }
}

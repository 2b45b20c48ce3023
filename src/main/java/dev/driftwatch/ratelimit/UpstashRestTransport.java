package dev.driftwatch.ratelimit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.config.Secret;
import dev.driftwatch.probe.OutboundFailure;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Upstash's REST API through the Quarkus REST client: bearer token, command arrays, one pipeline per run. Answers are
 * read as @upstash/redis 1.36.3 reads them ({@code HttpClient.request} in {@code nodejs.js}): a non-2xx status throws
 * {@code UpstashError} (or {@code UpstashJSONParseError} when its body is not JSON), a 2xx body that is not JSON throws
 * {@code UpstashJSONParseError}, and {@code Command.exec} throws on an {@code error} field. Each is a failure here.
 */
final class UpstashRestTransport implements RedisTransport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI uri;
    private final Secret token;
    private final UpstashRestApi api;

    UpstashRestTransport(URI uri, Secret token, Duration limiterTimeout) {
        this.uri = uri;
        this.token = token;
        // Each call is held to its own deadline in send(); the client's timeouts only bound what is left behind.
        long ms = Math.max(1, limiterTimeout.toMillis());
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(uri)
                .connectTimeout(ms, TimeUnit.MILLISECONDS)
                .readTimeout(ms, TimeUnit.MILLISECONDS)
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(UpstashRestApi.class);
    }

    private JsonNode send(Duration timeout, boolean pipeline, Object body) throws RedisFailure {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String auth = "Bearer " + token.reveal();
        CompletableFuture<Response> call;
        try {
            call = (pipeline ? api.pipeline(auth, json) : api.command(auth, json)).toCompletableFuture();
        } catch (ProcessingException e) {
            throw normalize(e, timeout);
        }
        try (Response r = call.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
            return read(r.getStatus(), r.hasEntity() ? r.readEntity(String.class) : "");
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new RedisFailure(RedisFailure.Kind.TIMEOUT, "no answer in time");
        } catch (ExecutionException e) {
            throw normalize(e.getCause() == null ? e : e.getCause(), timeout);
        } catch (ProcessingException e) {
            throw normalize(e, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisFailure(RedisFailure.Kind.TIMEOUT, "interrupted");
        }
    }

    private static JsonNode read(int status, String text) throws RedisFailure {
        if (status == 401) {
            throw new RedisFailure(RedisFailure.Kind.AUTH, "REST token rejected (HTTP 401)");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            node = null;
        }
        boolean success = status >= 200 && status < 300;
        if (node == null || node.isMissingNode()) {
            throw new RedisFailure(success ? RedisFailure.Kind.PROTOCOL : RedisFailure.Kind.UNAVAILABLE,
                    "REST API answered HTTP " + status + " with a body that is not JSON (UpstashJSONParseError)");
        }
        if (!success && node.has("error") && status == 400) {
            return node; // a command's error reply, read by result(): NOSCRIPT, READONLY, WRONGPASS ...
        }
        if (!success) {
            String said = node.has("error") ? ": " + firstLine(node.get("error").asText()) : "";
            throw new RedisFailure(RedisFailure.Kind.UNAVAILABLE, "REST API answered HTTP " + status + said);
        }
        return node;
    }

    private static String firstLine(String s) {
        String line = s.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private RedisFailure normalize(Throwable e, Duration timeout) {
        return RedisFailure.outbound(OutboundFailure.of(e, display(), timeout));
    }

    /** One command's answer: its result, or its error reply as a REPLY failure. */
    private static JsonNode result(JsonNode answer) throws RedisFailure {
        if (answer != null && answer.has("error")) {
            String message = answer.get("error").asText();
            if (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH")) {
                throw new RedisFailure(RedisFailure.Kind.AUTH, message);
            }
            throw new RedisFailure(RedisFailure.Kind.REPLY, message);
        }
        if (answer == null || !answer.has("result")) {
            throw new RedisFailure(RedisFailure.Kind.PROTOCOL, "REST API answered without a result or error field");
        }
        return answer.get("result");
    }

    @Override
    public List<?> evalsha(String sha, List<String> keys, List<String> args, Duration timeout) throws RedisFailure {
        List<Object> command = new ArrayList<>(List.of("EVALSHA", sha, keys.size()));
        command.addAll(keys);
        command.addAll(args);
        return list(result(send(timeout, false, command)));
    }

    private static List<?> list(JsonNode result) throws RedisFailure {
        if (!result.isArray()) {
            throw new RedisFailure(RedisFailure.Kind.PROTOCOL, "the limiter script answered " + result + ", not a list");
        }
        List<Object> out = new ArrayList<>();
        result.forEach(n -> out.add(n.isNumber() ? (Object) n.asLong() : n.asText()));
        return out;
    }

    @Override
    public List<?> eval(String script, List<String> keys, List<String> args, Duration timeout) throws RedisFailure {
        List<Object> command = new ArrayList<>(List.of("EVAL", script, keys.size()));
        command.addAll(keys);
        command.addAll(args);
        return list(result(send(timeout, false, command)));
    }

    @Override
    public Map<String, String> inspectAndDelete(List<String> canaryKeys, Duration timeout) throws RedisFailure {
        List<List<Object>> commands = new ArrayList<>();
        List<Object> del = new ArrayList<>(List.of("DEL"));
        del.addAll(canaryKeys);
        commands.add(del);
        commands.add(List.of("CONFIG", "GET", "maxmemory-policy"));
        commands.add(List.of("INFO", "memory"));
        JsonNode answers = send(timeout, true, commands);
        if (!answers.isArray() || answers.size() != commands.size()) {
            throw new RedisFailure(RedisFailure.Kind.PROTOCOL, "REST pipeline answered " + answers.size() + " results for 3 commands");
        }
        Map<String, String> out = new LinkedHashMap<>();
        result(answers.get(0));
        JsonNode config = answers.get(1).get("result");
        if (config != null && config.isArray()) {
            for (int i = 0; i + 1 < config.size(); i += 2) {
                out.put(config.get(i).asText(), config.get(i + 1).asText());
            }
        } else if (config != null && config.isObject()) {
            config.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
        }
        JsonNode info = answers.get(2).get("result");
        if (info != null && info.isTextual()) {
            out.putAll(InfoText.parse(info.asText(), "used_memory", "maxmemory"));
        }
        return out;
    }

    @Override
    public String display() {
        return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }

    @Override
    public void close() {
        if (api instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // nothing held that matters
            }
        }
    }
}

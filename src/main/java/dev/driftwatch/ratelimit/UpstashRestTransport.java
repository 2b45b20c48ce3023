package dev.driftwatch.ratelimit;

import dev.driftwatch.probe.OutboundFailure;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.config.Secret;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Upstash's REST API through the Quarkus REST client: bearer token, command arrays, one pipeline per run. */
final class UpstashRestTransport implements RedisTransport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI uri;
    private final Secret token;
    private final Duration defaultTimeout;
    private final Map<Long, UpstashRestApi> clients = new java.util.concurrent.ConcurrentHashMap<>();

    UpstashRestTransport(URI uri, Secret token, Duration defaultTimeout) {
        this.uri = uri;
        this.token = token;
        this.defaultTimeout = defaultTimeout;
    }

    /** A client per read timeout: the REST client fixes its timeouts when built. */
    private UpstashRestApi api(Duration timeout) {
        long ms = Math.max(1, timeout.toMillis());
        return clients.computeIfAbsent(ms, t -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(uri)
                .connectTimeout(Math.min(t, defaultTimeout.toMillis()), TimeUnit.MILLISECONDS)
                .readTimeout(t, TimeUnit.MILLISECONDS)
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(UpstashRestApi.class));
    }

    private JsonNode send(Duration timeout, boolean pipeline, Object body) throws RedisFailure {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String auth = "Bearer " + token.reveal();
        try (Response r = pipeline ? api(timeout).pipeline(auth, json) : api(timeout).command(auth, json)) {
            int status = r.getStatus();
            String text = r.hasEntity() ? r.readEntity(String.class) : "";
            if (status == 401) {
                throw new RedisFailure(RedisFailure.Kind.AUTH, "REST token rejected (HTTP 401)");
            }
            if (status == 429 || status >= 500) {
                throw new RedisFailure(RedisFailure.Kind.UNAVAILABLE, "REST API answered HTTP " + status);
            }
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new RedisFailure(RedisFailure.Kind.PROTOCOL, "REST API answered HTTP " + status + " with a body that is not JSON");
            }
            if (status != 200 && status != 400) {
                throw new RedisFailure(RedisFailure.Kind.PROTOCOL, "REST API answered HTTP " + status);
            }
            return node;
        } catch (ProcessingException e) {
            throw normalize(e, timeout);
        }
    }

    private RedisFailure normalize(ProcessingException e, Duration timeout) {
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
        JsonNode result = result(send(timeout, false, command));
        if (!result.isArray()) {
            throw new RedisFailure(RedisFailure.Kind.PROTOCOL, "the limiter script answered " + result + ", not a list");
        }
        List<Object> out = new ArrayList<>();
        result.forEach(n -> out.add(n.isNumber() ? (Object) n.asLong() : n.asText()));
        return out;
    }

    @Override
    public String scriptLoad(String script, Duration timeout) throws RedisFailure {
        return result(send(timeout, false, List.of("SCRIPT", "LOAD", script))).asText();
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
        clients.values().forEach(c -> {
            if (c instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // nothing held that matters
                }
            }
        });
    }
}

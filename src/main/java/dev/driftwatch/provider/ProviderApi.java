package dev.driftwatch.provider;

import dev.driftwatch.probe.OutboundFailure;
import dev.driftwatch.config.Secret;
import dev.driftwatch.platform.http.RestClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

/**
 * Asks a provider about a key through its shared REST client ({@link RestClients}) and turns whatever happens (any status, a malformed body, a
 * timeout, a refused or reset connection) into a {@link Verification}; it never throws. The key goes into the one
 * request header the provider documents and nowhere else: no client logging, no redirects, no exception message.
 */
@ApplicationScoped
public class ProviderApi {
    private static final Set<String> KEY_HEADERS = Set.of("Authorization", "x-api-key", "x-goog-api-key");

    /** The path of OpenRouter's model list below its base URL. */
    static final String OPENROUTER_MODELS = "/models";

    private final Clock clock = Clock.systemUTC();
    private final RestClients clients;

    /** Requests go through the shared clients: a kept-alive connection per provider, not one per request. */
    public ProviderApi(RestClients clients) {
        this.clients = clients;
    }

    /**
     * Asks about a key. A list request answered with the documented list also carries the list
     * ({@link Verification#models()}), so the catalog check of the same key needs no request of its own.
     */
    Verification verify(ProviderType type, URI baseUrl, Secret key, Duration timeout) {
        HttpOutcome outcome = call(baseUrl, timeout, clientType(type), client -> send(type, client, key.reveal()));
        Verification v = ResponseClassifier.classify(type, endpoint(type, baseUrl), outcome);
        if (v.status() == Verification.Status.VALID && type != ProviderType.OPENROUTER) {
            ModelList list = ModelList.parse(type, outcome.body());
            return list == null ? v : v.withModels(list);
        }
        return v;
    }

    /** OpenRouter's public model list with prices; it takes no key. */
    Verification openRouterModels(URI baseUrl, Duration timeout) {
        String endpoint = endpoint(baseUrl, OPENROUTER_MODELS);
        HttpOutcome outcome = call(baseUrl, timeout, OpenRouterModelsClient.class, client -> ((OpenRouterModelsClient) client).models());
        if (outcome.failed()) {
            return Verification.unverifiable("cannot read the model list: " + outcome.failure());
        }
        ModelList list = outcome.status() == 200 ? ModelList.parse(ProviderType.OPENROUTER, outcome.body()) : null;
        String answered = "openrouter answered " + outcome.status() + " to GET " + endpoint;
        if (list == null) {
            return new Verification(Verification.Status.UNVERIFIABLE, "cannot read the model list: " + answered
                    + (outcome.status() == 200 ? " with a body that is not the documented model list" : ""),
                    outcome.status(), null, outcome.retryAfter(), null);
        }
        return new Verification(Verification.Status.VALID, "model list: " + answered, outcome.status(), null, null, null, list);
    }

    /** The request as reasons show it: the path only, for example {@code /v1/models}. */
    static String endpoint(ProviderType type, URI baseUrl) {
        return endpoint(baseUrl, type.path());
    }

    static String endpoint(URI baseUrl, String path) {
        String base = baseUrl.getPath() == null ? "" : baseUrl.getPath();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    private HttpOutcome call(URI baseUrl, Duration timeout, Class<?> clientType, Function<Object, Response> send) {
        Object client;
        try {
            client = clients.client(clientType, baseUrl, timeout, KEY_HEADERS);
        } catch (RuntimeException e) {
            return HttpOutcome.failed("cannot create a client for " + OutboundFailure.hostPort(baseUrl)
                    + " (" + e.getClass().getSimpleName() + ")");
        }
        try (Response response = send.apply(client)) {
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            return HttpOutcome.response(response.getStatus(), body,
                    RetryAfter.parse(response.getHeaderString("Retry-After"), clock.instant()));
        } catch (RuntimeException e) {
            OutboundFailure failure = OutboundFailure.of(e, OutboundFailure.hostPort(baseUrl), timeout);
            if (failure.kind() == OutboundFailure.Kind.INTERRUPTED) {
                Thread.currentThread().interrupt();
            }
            return HttpOutcome.failed(failure.describe());
        }
    }

    private static Class<?> clientType(ProviderType type) {
        return switch (type) {
            case ANTHROPIC -> AnthropicModelsClient.class;
            case GEMINI -> GeminiModelsClient.class;
            case OPENROUTER -> OpenRouterKeyClient.class;
            default -> BearerModelsClient.class;
        };
    }

    private static Response send(ProviderType type, Object client, String key) {
        return switch (type) {
            case ANTHROPIC -> ((AnthropicModelsClient) client).models(key, AnthropicModelsClient.VERSION, AnthropicModelsClient.LIMIT);
            case GEMINI -> ((GeminiModelsClient) client).models(key, 1);
            case OPENROUTER -> ((OpenRouterKeyClient) client).key("Bearer " + key);
            default -> ((BearerModelsClient) client).models("Bearer " + key);
        };
    }
}

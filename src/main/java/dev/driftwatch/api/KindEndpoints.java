package dev.driftwatch.api;

import dev.driftwatch.probe.EnvironmentEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Serves the {@link EnvironmentEndpoint}s the check kinds provide: the environment is looked up first, the token is
 * verified before a post (and before the body is read), and a refusal becomes the usual JSON error (ApiExceptionMapper).
 */
@ApplicationScoped
public class KindEndpoints {
    private final Map<String, EnvironmentEndpoint> byPath;
    private final Environments environments;
    private final ApiToken token;

    public KindEndpoints(Instance<EnvironmentEndpoint> endpoints, Environments environments, ApiToken token) {
        this.byPath = endpoints.stream().collect(Collectors.toUnmodifiableMap(EnvironmentEndpoint::path, Function.identity()));
        this.environments = environments;
        this.token = token;
    }

    Response get(String path, String environment) {
        return answer(() -> endpoint(path).get(environments.get(environment)));
    }

    Response post(String path, String environment, String authorization, String body) {
        token.verify(authorization);
        return answer(() -> endpoint(path).post(environments.get(environment), body));
    }

    private EnvironmentEndpoint endpoint(String path) {
        EnvironmentEndpoint endpoint = byPath.get(path);
        if (endpoint == null) {
            throw new ApiException(404, "no check kind serves " + path);
        }
        return endpoint;
    }

    /** A refusal the endpoint throws goes to the ApiExceptionMapper as is. */
    private static Response answer(java.util.function.Supplier<EnvironmentEndpoint.Answer> call) {
        EnvironmentEndpoint.Answer answer = call.get();
        return Response.status(answer.status()).type(answer.mediaType()).entity(answer.body()).build();
    }
}

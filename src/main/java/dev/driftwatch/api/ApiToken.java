package dev.driftwatch.api;

import dev.driftwatch.config.ServerConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The bearer token of the endpoints that make driftwatch do work ({@code driftwatch.api.token}). Only its SHA-256
 * digest is kept, and digests are compared in constant time. Without a configured token those endpoints are off; a
 * token shorter than 16 characters stops the daemon at start.
 */
@ApplicationScoped
public class ApiToken {
    private static final Logger LOG = Logger.getLogger(ApiToken.class);
    private static final int SHORT = 16;
    static final String CHALLENGE = "Bearer realm=\"driftwatch\"";

    private final Optional<byte[]> digest;

    @Inject
    public ApiToken(ServerConfig server) {
        this(server.api().token());
    }

    ApiToken(Optional<String> token) {
        Optional<String> configured = token.map(String::strip).filter(t -> !t.isEmpty());
        if (configured.isPresent() && configured.get().length() < SHORT) {
            throw new IllegalStateException("driftwatch.api.token (DRIFTWATCH_API_TOKEN) is refused: it has "
                    + configured.get().length() + " characters, fewer than " + SHORT + ", so it could be guessed; "
                    + "use a long random value such as the output of 'openssl rand -hex 32'");
        }
        this.digest = configured.map(ApiToken::sha256);
    }

    void report(@Observes StartupEvent event) {
        if (digest.isEmpty()) {
            LOG.info("POST /api/v1/environments/{env}/probe and .../releases are disabled: no driftwatch.api.token (DRIFTWATCH_API_TOKEN) set");
        }
    }

    /** Returns when the Authorization header carries the token; otherwise throws 401 (none given) or 403. */
    public void verify(String authorization) {
        if (digest.isEmpty()) {
            throw new ApiException(403, "probe endpoint disabled: set DRIFTWATCH_API_TOKEN");
        }
        String presented = bearer(authorization);
        if (presented == null) {
            throw new ApiException(401, "this endpoint needs a bearer token: Authorization: Bearer <DRIFTWATCH_API_TOKEN>",
                    Map.of("WWW-Authenticate", CHALLENGE));
        }
        if (!MessageDigest.isEqual(sha256(presented), digest.get())) {
            throw new ApiException(403, "the bearer token is not the one this server was given");
        }
    }

    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        if (value.length() <= 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        String token = value.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

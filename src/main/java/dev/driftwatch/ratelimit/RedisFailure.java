package dev.driftwatch.ratelimit;

import dev.driftwatch.probe.OutboundFailure;

/**
 * A Redis call that did not answer normally, normalized across transports. {@code message} is what Redis or the
 * transport said (never a credential).
 */
final class RedisFailure extends Exception {
    enum Kind {
        /** The host name does not resolve. */
        DNS,
        /** No connection: refused, reset, TLS handshake failed, or the connection is down. */
        CONNECT,
        /** No answer within the time allowed. */
        TIMEOUT,
        /** Credentials rejected: WRONGPASS, NOAUTH, or HTTP 401 from the REST API. */
        AUTH,
        /** Redis answered with an error reply (NOSCRIPT, READONLY, NOPERM, ERR ...). */
        REPLY,
        /** The REST API answered a non-2xx status other than 401 and 400-with-error (429, 5xx ...): the SDK throws. */
        UNAVAILABLE,
        /** An answer that is not what the protocol documents. */
        PROTOCOL
    }

    private final Kind kind;

    RedisFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    /** A transport failure in the words of {@link OutboundFailure}. */
    static RedisFailure outbound(OutboundFailure failure) {
        Kind kind = switch (failure.kind()) {
            case DNS -> Kind.DNS;
            case TIMEOUT, CONNECT_TIMEOUT, INTERRUPTED -> Kind.TIMEOUT;
            case REFUSED, UNREACHABLE, TLS, CLOSED, OTHER -> Kind.CONNECT;
        };
        return new RedisFailure(kind, failure.describe());
    }

    Kind kind() {
        return kind;
    }

    boolean replyStartsWith(String code) {
        return kind == Kind.REPLY && getMessage() != null && getMessage().startsWith(code);
    }
}

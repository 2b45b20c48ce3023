package dev.driftwatch.provider;

import java.time.Duration;

/**
 * What the provider's answer (or its absence) says about a key.
 *
 * @param httpStatus the HTTP status, or 0 when no response arrived
 * @param errorType  the provider's own error type or code (never its message), or null
 * @param retryAfter the provider's Retry-After, or null
 * @param credit     the spend the provider reported (OpenRouter), or null
 * @param models     the provider's model list when the request was a list request answered with one, or null
 */
record Verification(Status status, String reason, int httpStatus, String errorType, Duration retryAfter, Credit credit,
                    ModelList models) {

    Verification(Status status, String reason, int httpStatus, String errorType, Duration retryAfter, Credit credit) {
        this(status, reason, httpStatus, errorType, retryAfter, credit, null);
    }

    Verification withModels(ModelList list) {
        return new Verification(status, reason, httpStatus, errorType, retryAfter, credit, list);
    }

    enum Status {
        /** The provider accepted the key. */
        VALID,
        /** The provider refused the key: drift. */
        REJECTED,
        /** The key is accepted but has nothing left to spend: drift. */
        QUOTA_EXHAUSTED,
        /** No answer that says either way: unknown. */
        UNVERIFIABLE
    }

    /** OpenRouter's spend figures for a key, in credits (US dollars); limit and remaining are null without a limit. */
    record Credit(Double limit, double usage, Double remaining, Boolean freeTier) {
    }

    static Verification unverifiable(String reason) {
        return new Verification(Status.UNVERIFIABLE, reason, 0, null, null, null);
    }

    boolean rateLimited() {
        return httpStatus == 429;
    }
}

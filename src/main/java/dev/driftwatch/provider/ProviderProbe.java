package dev.driftwatch.provider;

import dev.driftwatch.probe.OutboundFailure;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Measurement;
import dev.driftwatch.probe.Probe;
import dev.driftwatch.probe.ProbeResult;
import dev.driftwatch.probe.Series;
import dev.driftwatch.provider.KeyVerifier.Answer;
import dev.driftwatch.provider.ProviderSettings.PeerKey;
import dev.driftwatch.provider.Verification.Credit;
import dev.driftwatch.provider.Verification.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Verifies one provider key of one environment: configured, the pinned one, not another environment's, and
 * accepted by the provider (through {@link KeyVerifier}, so shared keys cost one request per interval).
 */
final class ProviderProbe implements Probe {
    private final ProviderSettings settings;
    private final KeyVerifier verifier;
    private final ProviderApi api;

    ProviderProbe(ProviderSettings settings, KeyVerifier verifier, ProviderApi api) {
        this.settings = settings;
        this.verifier = verifier;
        this.api = api;
    }

    @Override
    public String destination() {
        return Probe.destination(settings.baseUrl());
    }

    @Override
    public ProbeResult probe(Duration timeout) {
        Map<String, Object> details = details();
        if (settings.key().isEmpty()) {
            String where = settings.vercel() == null ? "providers." + settings.name() + ".key is empty"
                    : settings.keyFromVercel() + " is empty in " + settings.vercel().describe();
            return ProbeResult.drift(Severity.CRITICAL, "key not configured: " + where)
                    .withDetails(details).withMeasurements(List.of(measure(ProviderSeries.KEY_VALID, 0)));
        }
        // The provider's answer must arrive before the runner's deadline so that the reason says what was slow.
        Duration budget = Probe.ioBudget(timeout);
        Answer answer = verifier.verify(settings.providerKey(), settings.minInterval(), budget,
                () -> api.verify(settings.type(), settings.baseUrl(), settings.key(), budget));
        List<String> drift = isolationViolations();
        Verification v = answer.checked() == null ? null : answer.checked().verification();
        List<Measurement> measurements = new ArrayList<>();
        if (v != null) {
            describe(answer, v, details);
            measurements.addAll(measurements(v));
        }
        if (answer.note() != null) {
            details.put("note", answer.note());
        }
        String verdict = v == null ? "cannot verify: " + answer.note() : v.reason() + suffix(answer);
        ProbeResult result;
        if (v != null && (v.status() == Status.REJECTED || v.status() == Status.QUOTA_EXHAUSTED)) {
            drift.add(0, verdict);
            result = ProbeResult.drift(Severity.CRITICAL, String.join("; ", drift));
        } else if (!drift.isEmpty()) {
            if (v == null || v.status() == Status.UNVERIFIABLE) {
                drift.add(verdict);
            }
            result = ProbeResult.drift(Severity.CRITICAL, String.join("; ", drift));
        } else if (v != null && v.status() == Status.VALID) {
            result = ProbeResult.ok(verdict);
        } else {
            result = ProbeResult.unknown(verdict);
        }
        return result.withDetails(details).withMeasurements(measurements);
    }

    /** The provider's answer must arrive before the runner's deadline so that the reason says what was slow. */
    private static String suffix(Answer answer) {
        return answer.backoffUntil() == null ? "" : "; backing off until " + answer.backoffUntil();
    }

    private List<String> isolationViolations() {
        List<String> out = new ArrayList<>();
        String fingerprint = settings.key().fingerprint();
        if (settings.expectFingerprint() != null && !settings.expectFingerprint().equals(fingerprint)) {
            out.add("key " + fingerprint + " is not the pinned key " + settings.expectFingerprint() + " (expectFingerprint)");
        }
        for (PeerKey peer : settings.distinctFrom()) {
            if (peer.fingerprint().equals(fingerprint)) {
                out.add("uses the same key as environment " + peer.environment() + " (providers." + peer.provider() + ", "
                        + fingerprint + ") although distinctFrom lists it");
            }
        }
        return out;
    }

    private Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("provider", settings.name());
        d.put("type", settings.type().label());
        d.put("host", OutboundFailure.hostPort(settings.baseUrl()));
        d.put("request", "GET " + ProviderApi.endpoint(settings.type(), settings.baseUrl()));
        d.put("keyFingerprint", settings.key().isEmpty() ? null : settings.key().fingerprint());
        if (settings.expectFingerprint() != null) {
            d.put("expectFingerprint", settings.expectFingerprint());
        }
        if (!settings.distinctFrom().isEmpty()) {
            d.put("distinctFrom", settings.distinctFrom().stream().map(PeerKey::environment).distinct().toList());
        }
        d.put("minIntervalSeconds", settings.minInterval().toSeconds());
        return d;
    }

    private static void describe(Answer answer, Verification v, Map<String, Object> d) {
        d.put("result", v.status().name().toLowerCase(Locale.ROOT));
        d.put("httpStatus", v.httpStatus() == 0 ? null : v.httpStatus());
        d.put("errorType", v.errorType());
        d.put("checkedAt", answer.checked().at().toString());
        d.put("cached", !answer.fresh());
        if (v.retryAfter() != null) {
            d.put("retryAfterSeconds", v.retryAfter().toSeconds());
        }
        if (answer.backoffUntil() != null) {
            d.put("backoffUntil", answer.backoffUntil().toString());
        }
        Credit c = v.credit();
        if (c != null) {
            Map<String, Object> credit = new LinkedHashMap<>();
            credit.put("limit", c.limit());
            credit.put("usage", c.usage());
            credit.put("remaining", c.remaining());
            credit.put("freeTier", c.freeTier());
            d.put("credit", credit);
        }
    }

    private List<Measurement> measurements(Verification v) {
        List<Measurement> out = new ArrayList<>();
        out.add(measure(ProviderSeries.HTTP_STATUS, v.httpStatus()));
        switch (v.status()) {
            case VALID -> {
                out.add(measure(ProviderSeries.KEY_VALID, 1));
                out.add(measure(ProviderSeries.QUOTA_EXHAUSTED, 0));
            }
            case QUOTA_EXHAUSTED -> {
                out.add(measure(ProviderSeries.KEY_VALID, 1));
                out.add(measure(ProviderSeries.QUOTA_EXHAUSTED, 1));
            }
            case REJECTED -> {
                out.add(measure(ProviderSeries.KEY_VALID, 0));
                out.add(measure(ProviderSeries.QUOTA_EXHAUSTED, 0));
            }
            default -> {
                // unverifiable: the last verified values stay exported
            }
        }
        Credit c = v.credit();
        if (c != null) {
            out.add(measure(ProviderSeries.CREDIT_USAGE, c.usage()));
            if (c.limit() != null) {
                out.add(measure(ProviderSeries.CREDIT_LIMIT, c.limit()));
            }
            if (c.remaining() != null) {
                out.add(measure(ProviderSeries.CREDIT_REMAINING, c.remaining()));
            }
        }
        return out;
    }

    private Measurement measure(Series series, double value) {
        return series.measure(value, "provider", settings.name());
    }
}

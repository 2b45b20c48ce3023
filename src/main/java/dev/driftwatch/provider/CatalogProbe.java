package dev.driftwatch.provider;

import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Measurement;
import dev.driftwatch.probe.Probe;
import dev.driftwatch.probe.ProbeResult;
import dev.driftwatch.probe.Series;
import dev.driftwatch.provider.KeyVerifier.Answer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The app's catalog for one provider against the provider's model list. The list comes from the request the key check
 * of the same key sends ({@link KeyVerifier} shares it), OpenRouter's from its public model list; no list, no verdict.
 */
final class CatalogProbe implements Probe {
    private static final int REASON_FINDINGS = 5;

    private final CatalogSettings settings;
    private final KeyVerifier verifier;
    private final ProviderApi api;
    /** Models whose margin was exported once: they keep being exported (bounded by the models that ever drifted). */
    private final Set<String> marginSeries = new LinkedHashSet<>();

    CatalogProbe(CatalogSettings settings, KeyVerifier verifier, ProviderApi api) {
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
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", settings.name());
        details.put("type", settings.type().label());
        details.put("request", "GET " + ProviderApi.endpoint(settings.baseUrl(), settings.listKey().path()));
        details.put("source", settings.query() != null ? "query on " + settings.database().display() : "models (static list)");
        if (settings.type() != ProviderType.OPENROUTER && settings.key().isEmpty()) {
            return ProbeResult.unknown("cannot read " + settings.name() + "'s model list: the key is empty (provider/"
                    + settings.name() + " reports it)").withDetails(details);
        }
        Duration budget = Probe.ioBudget(timeout);
        Answer answer = verifier.verify(settings.listKey(), settings.minInterval(), budget, () -> settings.type() == ProviderType.OPENROUTER
                ? api.openRouterModels(settings.baseUrl(), budget)
                : api.verify(settings.type(), settings.baseUrl(), settings.key(), budget));
        Verification v = answer.checked() == null ? null : answer.checked().verification();
        if (v != null) {
            details.put("checkedAt", answer.checked().at().toString());
            details.put("cached", !answer.fresh());
        }
        if (v == null || v.models() == null) {
            String why = v == null ? answer.note() : v.reason();
            return ProbeResult.unknown("cannot read " + settings.name() + "'s model list, so the app's catalog is not judged: " + why)
                    .withDetails(details);
        }
        List<SoldModel> sold;
        try {
            sold = settings.models() != null ? settings.models() : AppCatalog.read(settings.database(), settings.query(), budget);
        } catch (AppCatalog.Unreadable e) {
            return ProbeResult.unknown(e.getMessage()).withDetails(details);
        }
        ModelList list = v.models();
        CatalogComparison.Result compared = CatalogComparison.compare(settings, sold, list);
        details.put("modelsSold", sold.size());
        details.put("modelsListed", list.models().size());
        details.put("prices", prices(list));
        details.put("findings", compared.findings().stream().map(CatalogProbe::describe).toList());
        if (!compared.unconfirmed().isEmpty()) {
            details.put("unconfirmed", compared.unconfirmed());
        }
        return result(sold, compared).withDetails(details).withMeasurements(measurements(sold, compared));
    }

    private String prices(ModelList list) {
        if (!list.priced()) {
            return "not compared: " + settings.type().label() + "'s model list publishes no prices, so models are checked for existence only";
        }
        return settings.creditsPerUsd() == null ? "not compared: creditsPerUsd is not set"
                : "compared at " + CatalogComparison.plain(settings.creditsPerUsd()) + " credits per USD, minMargin "
                + CatalogComparison.percent(settings.minMargin());
    }

    private ProbeResult result(List<SoldModel> sold, CatalogComparison.Result compared) {
        List<CatalogFinding> findings = compared.findings();
        if (findings.isEmpty()) {
            if (!compared.unconfirmed().isEmpty()) {
                return ProbeResult.unknown(settings.name() + "'s model list is incomplete (more pages follow): cannot confirm "
                        + String.join(", ", compared.unconfirmed()));
            }
            return ProbeResult.ok(sold.size() + " models sold, all listed by " + settings.name()
                    + (settings.type() == ProviderType.OPENROUTER && settings.creditsPerUsd() != null ? " at a price within the margin"
                    : " (existence only: " + settings.type().label() + " publishes no prices)"));
        }
        Severity severity = findings.stream().map(CatalogFinding::severity).reduce(Severity.INFO, Severity::max);
        List<String> messages = new ArrayList<>(findings.stream().limit(REASON_FINDINGS).map(CatalogFinding::message).toList());
        if (findings.size() > REASON_FINDINGS) {
            messages.add("and " + (findings.size() - REASON_FINDINGS) + " more (see details.findings)");
        }
        return ProbeResult.drift(severity, String.join("; ", messages));
    }

    private static Map<String, Object> describe(CatalogFinding f) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", f.model());
        d.put("kind", f.kind());
        d.put("severity", f.severity().label());
        d.put("message", f.message());
        if (f.margin() != null) {
            d.put("direction", f.direction());
            d.put("margin", f.margin().doubleValue());
        }
        return d;
    }

    private List<Measurement> measurements(List<SoldModel> sold, CatalogComparison.Result compared) {
        List<Measurement> out = new ArrayList<>();
        List<CatalogFinding> findings = compared.findings();
        out.add(measure(ProviderSeries.CATALOG_MODELS, Map.of(), sold.size()));
        out.add(measure(ProviderSeries.CATALOG_MISSING, Map.of(), findings.stream().filter(f -> f.kind().equals("missing")).count()));
        out.add(measure(ProviderSeries.CATALOG_UNPROFITABLE, Map.of(), findings.stream().filter(f -> f.kind().equals("unprofitable"))
                .map(CatalogFinding::model).distinct().count()));
        findings.stream().filter(f -> f.margin() != null).forEach(f -> marginSeries.add(f.model() + "\u0000" + f.direction()));
        // A model that stopped drifting keeps its series at its current margin, so no stale loss stays exported.
        for (String series : marginSeries) {
            BigDecimal margin = compared.margins().get(series);
            if (margin != null) {
                String[] parts = series.split("\u0000");
                out.add(measure(ProviderSeries.CATALOG_MARGIN, Map.of("model", parts[0], "direction", parts[1]), margin.doubleValue()));
            }
        }
        return out;
    }

    private Measurement measure(Series series, Map<String, String> labels, double value) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put("provider", settings.name());
        return new Measurement(series, all, value);
    }
}

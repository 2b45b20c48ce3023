package dev.driftwatch.status;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * The status page: environments × checks, worst first.
 *
 * @param columns the check ids of every shown environment, in order
 * @param rows    the environments the filter lets through
 * @param total   how many environments there are
 * @param counts  how many of all environments have each verdict, worst first
 */
@TemplateData
public record Grid(List<String> columns, List<Row> rows, int total, List<Count> counts, Filter filter,
                   String evaluatedAt, String evaluatedAtIso, int refreshSeconds) {

    @TemplateData
    public record Count(StateLook look, int count) {
    }

    /** One environment: its verdict and one cell per column (null where it has no such check). */
    @TemplateData
    public record Row(String name, List<String> labels, StateLook verdict, String reason, List<Cell> cells, int problems) {
    }

    /** One check of one environment. */
    @TemplateData
    public record Cell(String check, StateLook look, String reason, String observedAt, String observedAtIso, String observedAgo,
                       String since, String sinceAgo) {
    }
}

package dev.driftwatch.status;

import io.quarkus.qute.TemplateData;
import java.util.List;

/** The page of one environment: its verdict, what a gate gets, every check with its details, the last transitions. */
@TemplateData
public record EnvironmentView(String name, List<String> labels, StateLook verdict, String verdictSince, String verdictSinceAgo,
                              List<String> reasons, Gate gate, List<CheckPanel> checks, List<TransitionRow> transitions,
                              String fixSqlUrl, String evaluatedAt, String evaluatedAtIso, int refreshSeconds) {

    /** What {@code driftwatch gate} and the verdict endpoint answer now, and the commands that ask. */
    @TemplateData
    public record Gate(int httpStatus, int exitCode, String meaning, List<String> commands) {
    }

    @TemplateData
    public record CheckPanel(String id, String kind, String target, String interval, String severity, Grid.Cell cell,
                             String runbook, String runbookUrl, List<Detail> details, List<DifferenceGroup> differences) {
    }

    /** A fact of the observation's details, as text. */
    @TemplateData
    public record Detail(String name, String value) {
    }

    /** The schema differences of one kind. */
    @TemplateData
    public record DifferenceGroup(String kind, List<Difference> differences) {
    }

    @TemplateData
    public record Difference(String severity, String object, String expected, String actual) {
    }

    @TemplateData
    public record TransitionRow(String at, String atIso, String ago, String subject, StateLook from, StateLook to, String reason) {
    }
}

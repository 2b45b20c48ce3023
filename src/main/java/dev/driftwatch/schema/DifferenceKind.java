package dev.driftwatch.schema;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.driftwatch.config.Severity;
import java.util.Locale;

/** Every way a live schema can differ from what is expected, with the severity it carries by default. */
public enum DifferenceKind {
    MISSING_TABLE(Severity.CRITICAL, "missing table"),
    MISSING_COLUMN(Severity.CRITICAL, "missing column"),
    TYPE_MISMATCH(Severity.CRITICAL, "type changed"),
    NULLABILITY_MISMATCH(Severity.WARNING, "nullability changed"),
    DEFAULT_MISMATCH(Severity.WARNING, "default changed"),
    PRIMARY_KEY_MISMATCH(Severity.CRITICAL, "primary key changed"),
    MISSING_INDEX(Severity.WARNING, "missing index"),
    INDEX_MISMATCH(Severity.WARNING, "index changed"),
    RLS_DISABLED(Severity.CRITICAL, "row level security disabled"),
    RLS_NOT_FORCED(Severity.WARNING, "row level security no longer forced"),
    RLS_UNEXPECTED(Severity.WARNING, "row level security enabled where the contract has it off"),
    MISSING_POLICY(Severity.CRITICAL, "missing policy"),
    POLICY_MISMATCH(Severity.CRITICAL, "policy changed"),
    MISSING_FUNCTION(Severity.CRITICAL, "missing function"),
    FUNCTION_MISMATCH(Severity.CRITICAL, "function changed"),
    FUNCTION_BODY_MISMATCH(Severity.WARNING, "function body changed"),
    MISSING_ENUM(Severity.CRITICAL, "missing enum type"),
    ENUM_MISMATCH(Severity.CRITICAL, "enum values changed"),
    PENDING_MIGRATION(Severity.CRITICAL, "pending migration"),
    UNKNOWN_MIGRATION(Severity.WARNING, "applied migration without a file"),
    EXTRA_OBJECT(Severity.INFO, "extra object");

    private final Severity severity;
    private final String description;

    DifferenceKind(Severity severity, String description) {
        this.severity = severity;
        this.description = description;
    }

    public Severity severity() {
        return severity;
    }

    public String description() {
        return description;
    }

    /** The label value in metrics and JSON: {@code missing_column}. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

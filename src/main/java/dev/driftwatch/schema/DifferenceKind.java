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
    MISSING_CONSTRAINT(Severity.CRITICAL, "missing constraint"),
    CONSTRAINT_MISMATCH(Severity.CRITICAL, "constraint changed"),
    CONSTRAINT_NOT_VALIDATED(Severity.WARNING, "constraint not validated"),
    MISSING_TRIGGER(Severity.CRITICAL, "missing trigger"),
    TRIGGER_MISMATCH(Severity.CRITICAL, "trigger changed"),
    TRIGGER_DISABLED(Severity.CRITICAL, "trigger disabled"),
    MISSING_VIEW(Severity.CRITICAL, "missing view"),
    VIEW_MISMATCH(Severity.WARNING, "view changed"),
    VIEW_SECURITY_INVOKER_OFF(Severity.CRITICAL, "view runs with its owner's rights (security_invoker off)"),
    MISSING_SEQUENCE(Severity.CRITICAL, "missing sequence"),
    SEQUENCE_MISMATCH(Severity.WARNING, "sequence changed"),
    EXTENSION_MISMATCH(Severity.INFO, "extension differs"),
    MISSING_GRANT(Severity.CRITICAL, "missing grant"),
    EXTRA_GRANT(Severity.WARNING, "extra grant"),
    ANON_EXPOSED(Severity.CRITICAL, "granted to anon on a table without row level security"),
    DEFAULT_PRIVILEGES_MISMATCH(Severity.WARNING, "default privileges changed"),
    FUNCTION_ATTRIBUTES_MISMATCH(Severity.WARNING, "function attributes changed"),
    SEARCH_PATH_NOT_FIXED(Severity.CRITICAL, "security definer function without a fixed search_path"),
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

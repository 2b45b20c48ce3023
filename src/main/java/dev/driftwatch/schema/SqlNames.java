package dev.driftwatch.schema;

import java.util.Set;
import java.util.regex.Pattern;

/** Identifiers and literals as the forward fix writes them: quoted only where PostgreSQL needs it. */
final class SqlNames {
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");
    /** PostgreSQL's reserved key words (Appendix C), which cannot be bare names. */
    private static final Set<String> RESERVED = Set.of("all", "analyse", "analyze", "and", "any", "array", "as", "asc",
            "asymmetric", "authorization", "binary", "both", "case", "cast", "check", "collate", "collation", "column",
            "concurrently", "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
            "current_schema", "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc",
            "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "freeze", "from", "full",
            "grant", "group", "having", "ilike", "in", "initially", "inner", "intersect", "into", "is", "isnull", "join",
            "lateral", "leading", "left", "like", "limit", "localtime", "localtimestamp", "natural", "not", "notnull",
            "null", "offset", "on", "only", "or", "order", "outer", "overlaps", "placing", "primary", "references",
            "returning", "right", "select", "session_user", "similar", "some", "symmetric", "system_user", "table",
            "tablesample", "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "verbose",
            "when", "where", "window", "with");

    private SqlNames() {
    }

    static String ident(String name) {
        return PLAIN.matcher(name).matches() && !RESERVED.contains(name) ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** {@code public.credits} as {@code public.credits}; a name with odd characters quoted. */
    static String qualified(String schemaDotName) {
        int dot = schemaDotName.indexOf('.');
        return ident(schemaDotName.substring(0, dot)) + "." + ident(schemaDotName.substring(dot + 1));
    }

    /** {@code public.f(a integer)} with its schema and name quoted where needed; the argument list as the catalog printed it. */
    static String function(String signature) {
        int paren = signature.indexOf('(');
        return qualified(signature.substring(0, paren)) + signature.substring(paren);
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}

package dev.driftwatch.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * A SQL file split into statements the way psql splits it: at semicolons outside quotes, dollar-quoted bodies and
 * comments, each statement with the line it starts on, so that a failure can name its file and line.
 */
final class SqlScript {
    /** One statement and the 1-based line of the file its first character is on. */
    record Statement(String sql, int line) {
        /** The line of its first character that is not blank or in a leading comment. */
        int firstLine() {
            int n = line;
            for (String l : sql.lines().toList()) {
                if (!l.isBlank() && !l.strip().startsWith("--")) {
                    return n;
                }
                n++;
            }
            return line;
        }

        /** The line of a 1-based character position within the statement, as the server reports it. */
        int lineOf(int position) {
            int line = this.line;
            for (int i = 0; i < Math.min(position - 1, sql.length()); i++) {
                if (sql.charAt(i) == '\n') {
                    line++;
                }
            }
            return line;
        }
    }

    private SqlScript() {
    }

    static List<Statement> split(String text) {
        List<Statement> out = new ArrayList<>();
        int start = 0;
        int line = 1;
        int startLine = 1;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (c == '-' && text.startsWith("--", i)) {
                i = skipTo(text, i, "\n", false);
            } else if (c == '/' && text.startsWith("/*", i)) {
                int end = skipTo(text, i + 2, "*/", true);
                line += count(text, i, end);
                i = end;
            } else if (c == '\'' || c == '"') {
                int end = skipTo(text, i + 1, String.valueOf(c), true);
                line += count(text, i, end);
                i = end;
            } else if (c == '$' && dollarTag(text, i) != null) {
                String tag = dollarTag(text, i);
                int end = skipTo(text, i + tag.length(), tag, true);
                line += count(text, i, end);
                i = end;
            } else if (c == ';') {
                add(out, text.substring(start, i), startLine);
                i++;
                start = i;
                startLine = line;
            } else {
                i++;
            }
            if (start < i && text.substring(start, i).isBlank()) {
                start = i;
                startLine = line;
            }
        }
        add(out, text.substring(start), startLine);
        return out;
    }

    private static void add(List<Statement> out, String sql, int line) {
        if (!sql.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"))) {
            out.add(new Statement(sql, line));
        }
    }

    /** The index after {@code end} (after it if {@code past}), or the end of the text. */
    private static int skipTo(String text, int from, String end, boolean past) {
        int at = text.indexOf(end, from);
        return at < 0 ? text.length() : past ? at + end.length() : at;
    }

    private static int count(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    /** {@code $tag$} or {@code $$} starting at {@code i}, else null (a positional parameter such as $1). */
    private static String dollarTag(String text, int i) {
        int j = i + 1;
        while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
            j++;
        }
        if (j < text.length() && text.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(text.charAt(i + 1)))) {
            return text.substring(i, j + 1);
        }
        return null;
    }
}

package dev.driftwatch.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a {@link SchemaSnapshot} in one round trip: one statement whose single JSON value holds every part of the
 * catalog, so the cost in round trips is the same for 20 tables or 2,000.
 */
public final class CatalogReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Tables, columns, primary keys, indexes, RLS and policies, functions (not those of extensions) and enums. */
    static final String CATALOG_QUERY = """
            WITH ns AS (SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY (?)),
            rel AS (SELECT c.oid, ns.nspname, c.relname, c.relrowsecurity, c.relforcerowsecurity
                    FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind IN ('r', 'p'))
            SELECT json_build_object(
              'tables', (SELECT coalesce(json_agg(json_build_array(nspname, relname, relrowsecurity, relforcerowsecurity)), '[]') FROM rel),
              'columns', (SELECT coalesce(json_agg(json_build_array(r.nspname, r.relname, a.attname,
                                 format_type(a.atttypid, a.atttypmod), NOT a.attnotnull, pg_get_expr(d.adbin, d.adrelid))), '[]')
                          FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
                          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum),
              'primaryKeys', (SELECT coalesce(json_agg(json_build_array(r.nspname, r.relname,
                                 (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                                  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum))), '[]')
                              FROM rel r JOIN pg_constraint con ON con.conrelid = r.oid AND con.contype = 'p'),
              'indexes', (SELECT coalesce(json_agg(json_build_array(r.nspname, r.relname, ic.relname, pg_get_indexdef(i.indexrelid))), '[]')
                          FROM rel r JOIN pg_index i ON i.indrelid = r.oid JOIN pg_class ic ON ic.oid = i.indexrelid),
              'policies', (SELECT coalesce(json_agg(json_build_array(r.nspname, r.relname, p.polname, p.polcmd, p.polpermissive,
                                 (SELECT coalesce(json_agg(CASE WHEN ro = 0 THEN 'public' ELSE pg_get_userbyid(ro) END), '[]') FROM unnest(p.polroles) AS ro),
                                 pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid))), '[]')
                           FROM rel r JOIN pg_policy p ON p.polrelid = r.oid),
              'functions', (SELECT coalesce(json_agg(json_build_array(ns.nspname, p.proname, pg_get_function_identity_arguments(p.oid),
                                 pg_get_function_result(p.oid), l.lanname, p.prosecdef, md5(p.prosrc))), '[]')
                            FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
                            WHERE p.prokind IN ('f', 'p')
                              AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = 'pg_proc'::regclass
                                              AND dep.objid = p.oid AND dep.deptype = 'e')),
              'enums', (SELECT coalesce(json_agg(json_build_array(ns.nspname, t.typname,
                               (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid))), '[]')
                        FROM pg_type t JOIN ns ON ns.oid = t.typnamespace WHERE t.typtype = 'e')
            )::text
            """;

    /**
     * The catalog query wrapped so that the server hashes its answer and sends the JSON only when the hash differs
     * from the caller's previous one: an unchanged schema costs the query, not the transfer and parsing.
     * OFFSET 0 keeps the planner from evaluating the catalog query twice (once for the hash, once for the JSON).
     */
    static final String CHANGED_QUERY = "SELECT h, CASE WHEN h IS DISTINCT FROM ? THEN j END FROM (SELECT j, md5(j) AS h FROM ("
            + CATALOG_QUERY + " OFFSET 0) AS c(j)) AS x";

    /** The hash of the catalog answer, and the snapshot when it differs from the previous hash (else null). */
    public record Read(String hash, SchemaSnapshot snapshot) {
    }

    private static final Map<String, String> COMMANDS = Map.of("*", "ALL", "r", "SELECT", "a", "INSERT", "w", "UPDATE", "d", "DELETE");

    private CatalogReader() {
    }

    public static SchemaSnapshot read(Connection connection, List<String> schemas) throws SQLException {
        String json;
        try (PreparedStatement ps = connection.prepareStatement(CATALOG_QUERY)) {
            Array array = connection.createArrayOf("text", schemas.toArray());
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                json = rs.getString(1);
            }
        }
        try {
            return toSnapshot(JSON.readTree(json), schemas);
        } catch (java.io.IOException e) {
            throw new SQLException("the catalog query returned unreadable JSON: " + e.getMessage(), e);
        }
    }

    /** Reads the snapshot only if the catalog changed since the read that returned {@code previousHash} (null: always). */
    public static Read readIfChanged(Connection connection, List<String> schemas, String previousHash) throws SQLException {
        String hash;
        String json;
        try (PreparedStatement ps = connection.prepareStatement(CHANGED_QUERY)) {
            ps.setString(1, previousHash); // the hash's placeholder comes first in the statement's text
            ps.setArray(2, connection.createArrayOf("text", schemas.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                hash = rs.getString(1);
                json = rs.getString(2);
            }
        }
        if (json == null) {
            return new Read(hash, null);
        }
        try {
            return new Read(hash, toSnapshot(JSON.readTree(json), schemas));
        } catch (java.io.IOException e) {
            throw new SQLException("the catalog query returned unreadable JSON: " + e.getMessage(), e);
        }
    }

    static SchemaSnapshot toSnapshot(JsonNode root, List<String> schemas) {
        Map<String, TableBuilder> tables = new TreeMap<>();
        for (JsonNode t : root.get("tables")) {
            TableBuilder b = new TableBuilder();
            b.rls = new SchemaSnapshot.RowLevelSecurity(t.get(2).asBoolean(), t.get(3).asBoolean());
            tables.put(t.get(0).asText() + "." + t.get(1).asText(), b);
        }
        for (JsonNode c : root.get("columns")) {
            tables.get(qualified(c)).columns.put(c.get(2).asText(),
                    new SchemaSnapshot.Column(c.get(3).asText(), c.get(4).asBoolean(), text(c.get(5))));
        }
        for (JsonNode pk : root.get("primaryKeys")) {
            List<String> cols = new ArrayList<>();
            pk.get(2).forEach(n -> cols.add(n.asText()));
            tables.get(qualified(pk)).primaryKey = cols;
        }
        for (JsonNode i : root.get("indexes")) {
            tables.get(qualified(i)).indexes.put(i.get(2).asText(), i.get(3).asText());
        }
        for (JsonNode p : root.get("policies")) {
            List<String> roles = new ArrayList<>();
            p.get(5).forEach(n -> roles.add(n.asText()));
            tables.get(qualified(p)).policies.put(p.get(2).asText(), new SchemaSnapshot.Policy(
                    COMMANDS.getOrDefault(p.get(3).asText(), p.get(3).asText()), p.get(4).asBoolean(), roles,
                    text(p.get(6)), text(p.get(7))));
        }
        Map<String, SchemaSnapshot.Function> functions = new TreeMap<>();
        for (JsonNode f : root.get("functions")) {
            functions.put(qualified(f) + "(" + f.get(2).asText() + ")", new SchemaSnapshot.Function(
                    f.get(3).asText(), f.get(4).asText(), f.get(5).asBoolean(), f.get(6).asText()));
        }
        Map<String, List<String>> enums = new TreeMap<>();
        for (JsonNode e : root.get("enums")) {
            List<String> labels = new ArrayList<>();
            e.get(2).forEach(n -> labels.add(n.asText()));
            enums.put(qualified(e), labels);
        }
        Map<String, SchemaSnapshot.Table> built = new HashMap<>();
        tables.forEach((name, b) -> built.put(name, b.build()));
        return new SchemaSnapshot(SchemaSnapshot.FORMAT, schemas, built, functions, enums);
    }

    private static String qualified(JsonNode row) {
        return row.get(0).asText() + "." + row.get(1).asText();
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static final class TableBuilder {
        SchemaSnapshot.RowLevelSecurity rls;
        final Map<String, SchemaSnapshot.Column> columns = new TreeMap<>();
        List<String> primaryKey = List.of();
        final Map<String, String> indexes = new TreeMap<>();
        final Map<String, SchemaSnapshot.Policy> policies = new TreeMap<>();

        SchemaSnapshot.Table build() {
            return new SchemaSnapshot.Table(rls, columns, primaryKey, indexes, policies);
        }
    }
}

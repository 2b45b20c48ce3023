import dev.driftwatch.schema.CatalogReader;
import dev.driftwatch.schema.SchemaComparator;
import dev.driftwatch.schema.SchemaSnapshot;
import dev.driftwatch.testsupport.PostgresServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The schema check against the raw catalog query, in one JVM over one connection to a private PostgreSQL holding the
 * reference application's schema. Run (after ./mvnw -o test-compile and dependency:build-classpath):
 *   java -cp target/classes:target/test-classes:$(cat target/cp.txt) bench/SchemaCheckBench.java [runs]
 * Prints p50 and min in ms of: the raw catalog query (statement + fetching its JSON text), the check when the
 * catalog is unchanged (answered by the catalog fingerprint + compare, as 19 runs in 20; and by the catalog query's
 * hash alone + compare, as every 20th), and the check when it changed (JSON transfer, parse, compare).
 */
public class SchemaCheckBench {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        String query;
        try (InputStream in = CatalogReader.class.getResourceAsStream("catalog.sql")) {
            query = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        try (PostgresServer pg = PostgresServer.start()) {
            pg.createReferenceDatabase("bench", PostgresServer.MIGRATIONS);
            try (Connection c = pg.connect("bench")) {
                List<String> schemas = List.of("public");
                SchemaSnapshot expected = CatalogReader.read(c, schemas);
                CatalogReader.Read previous = CatalogReader.readIfChanged(c, schemas, null);
                List<Double> raw = new ArrayList<>();
                List<Double> unchanged = new ArrayList<>();
                List<Double> byHash = new ArrayList<>();
                CatalogReader.Read hashOnly = new CatalogReader.Read(null, previous.hash(), null, 0);
                List<Double> changed = new ArrayList<>();
                for (int i = 0; i < runs + 20; i++) {
                    long t0 = System.nanoTime();
                    try (PreparedStatement ps = c.prepareStatement(query)) {
                        ps.setArray(1, c.createArrayOf("text", schemas.toArray()));
                        ps.setArray(2, c.createArrayOf("text", CatalogReader.DEFAULT_ROLES.toArray()));
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            rs.getString(1);
                        }
                    }
                    long t1 = System.nanoTime();
                    CatalogReader.Read same = CatalogReader.readIfChanged(c, schemas, previous);
                    SchemaComparator.compare(expected, same.snapshot() == null ? previous.snapshot() : same.snapshot());
                    long t2h = System.nanoTime();
                    CatalogReader.Read hashed = CatalogReader.readIfChanged(c, schemas, hashOnly);
                    SchemaComparator.compare(expected, hashed.snapshot() == null ? previous.snapshot() : hashed.snapshot());
                    long t2 = System.nanoTime();
                    CatalogReader.Read full = CatalogReader.readIfChanged(c, schemas, null);
                    if (!SchemaComparator.compare(expected, full.snapshot()).isEmpty()) {
                        throw new IllegalStateException("the bench database drifted");
                    }
                    long t3 = System.nanoTime();
                    if (i >= 20) {
                        raw.add((t1 - t0) / 1e6);
                        unchanged.add((t2h - t1) / 1e6);
                        byHash.add((t2 - t2h) / 1e6);
                        changed.add((t3 - t2) / 1e6);
                    }
                }
                double rawP50 = p50(raw);
                System.out.printf("tables %d, columns %d, constraints %d, triggers %d, grants %d objects; %d runs%n",
                        expected.tables().size(), expected.tables().values().stream().mapToInt(t -> t.columns().size()).sum(),
                        expected.tables().values().stream().mapToInt(t -> t.constraints().size()).sum(),
                        expected.tables().values().stream().mapToInt(t -> t.triggers().size()).sum(),
                        expected.grants().size(), runs);
                System.out.printf("raw catalog query:          p50 %.2f ms  min %.2f ms%n", rawP50, Collections.min(raw));
                System.out.printf("check, unchanged, fingerprint: p50 %.2f ms  min %.2f ms  (%.2f x raw)%n", p50(unchanged),
                        Collections.min(unchanged), p50(unchanged) / rawP50);
                System.out.printf("check, unchanged, hash:     p50 %.2f ms  min %.2f ms  (%.2f x raw)%n", p50(byHash),
                        Collections.min(byHash), p50(byHash) / rawP50);
                System.out.printf("check, catalog changed:     p50 %.2f ms  min %.2f ms  (%.2f x raw)%n", p50(changed),
                        Collections.min(changed), p50(changed) / rawP50);
            }
        }
    }

    private static double p50(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}

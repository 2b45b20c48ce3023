package dev.driftwatch.schema;

import dev.driftwatch.platform.postgres.JdbcSql;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.postgresql.Driver;
import org.postgresql.util.PSQLException;

/**
 * {@code driftwatch contract --migrations DIR --scratch JDBC_URL [--before FILE] [--schemas a,b] [--roles r,s]}:
 * creates a scratch database on the server of {@code --scratch}, runs {@code --before} and then every migration in
 * version order (each file in one transaction), prints the contract of the result, and drops the database.
 * Exit 0 printed, 1 a migration failed (the message names file and line), 2 usage or connection error.
 */
public final class ContractCommand {
    static final String USAGE = """
            usage: driftwatch contract --migrations DIR --scratch JDBC_URL [--before FILE]... [--schemas a,b] [--roles r,s]
              --scratch   a database on a PostgreSQL server where the user may CREATE DATABASE, for example
                          jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres (password: PGPASSWORD)
              --before    SQL run first, such as config/local/bootstrap.sql (Supabase's roles and auth schema)
              prints the contract (driftwatch.schema/v2 JSON) of the schema the migrations produce""";

    /** A migration (or --before file) failed; the message names the file and line. */
    static final class MigrationException extends Exception {
        MigrationException(String message) {
            super(message);
        }
    }

    record Options(Path migrations, String scratch, List<Path> before, List<String> schemas, List<String> roles) {
    }

    private ContractCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("driftwatch contract: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (options == null) {
            out.println(USAGE);
            return 0;
        }
        try {
            SchemaSnapshot snapshot = build(options, env.get("PGPASSWORD"));
            out.print(ContractFile.JSON.writeValueAsString(snapshot) + "\n");
            return 0;
        } catch (MigrationException e) {
            err.println("driftwatch contract: " + e.getMessage());
            return 1;
        } catch (SQLException | IOException e) {
            err.println("driftwatch contract: " + e.getMessage());
            return 2;
        }
    }

    static Options parse(String[] args) {
        Path migrations = null;
        String scratch = null;
        List<Path> before = new ArrayList<>();
        List<String> schemas = List.of("public");
        List<String> roles = CatalogReader.DEFAULT_ROLES;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a.startsWith("--") ? a + " needs a value" : "unknown argument " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--migrations" -> migrations = Path.of(v);
                case "--scratch" -> scratch = v;
                case "--before" -> before.add(Path.of(v));
                case "--schemas" -> schemas = List.of(v.split(","));
                case "--roles" -> roles = List.of(v.split(","));
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if (migrations == null || !Files.isDirectory(migrations)) {
            throw new IllegalArgumentException("--migrations must name a directory of <version>_<name>.sql files");
        }
        if (scratch == null || !scratch.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("--scratch must be a PostgreSQL JDBC URL: jdbc:postgresql://host:port/database");
        }
        for (Path b : before) {
            if (!Files.isRegularFile(b)) {
                throw new IllegalArgumentException("--before " + b + " is not a file");
            }
        }
        return new Options(migrations, scratch, before, schemas, roles);
    }

    /** The contract the migrations produce, built in a scratch database that is dropped afterwards. */
    static SchemaSnapshot build(Options options, String password) throws SQLException, IOException, MigrationException {
        String database = "driftwatch_contract_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        try (Connection admin = connect(options.scratch(), password, false); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + database);
            try {
                String url = withDatabase(options.scratch(), database);
                try (Connection c = connect(url, password, true)) {
                    for (Path b : options.before()) {
                        apply(c, b);
                    }
                    for (String file : MigrationFiles.read(options.migrations()).values()) {
                        apply(c, options.migrations().resolve(file));
                    }
                }
                try (Connection c = connect(url, password, false)) {
                    return CatalogReader.read(new JdbcSql(c), options.schemas(), options.roles());
                }
            } finally {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    /** Runs one file in one transaction; a failure names the file and the line the server pointed at. */
    static void apply(Connection c, Path file) throws IOException, SQLException, MigrationException {
        List<SqlScript.Statement> statements = SqlScript.split(Files.readString(file, StandardCharsets.UTF_8));
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (SqlScript.Statement st : statements) {
                try {
                    s.execute(st.sql());
                } catch (SQLException e) {
                    c.rollback();
                    int position = e instanceof PSQLException p && p.getServerErrorMessage() != null
                            ? p.getServerErrorMessage().getPosition() : 0;
                    int line = position > 0 ? st.lineOf(position) : st.firstLine();
                    throw new MigrationException(file.getFileName() + ":" + line + ": " + firstLine(e.getMessage()));
                }
            }
            c.commit();
        }
    }

    private static String firstLine(String message) {
        return message == null ? "failed" : message.lines().findFirst().orElse("failed");
    }

    /** {@code script}: the simple query protocol, so that statements reach the server as the file has them. */
    private static Connection connect(String url, String password, boolean script) throws SQLException {
        Properties props = new Properties();
        if (password != null && !password.isEmpty()) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", "driftwatch-contract");
        if (script) {
            props.setProperty("preferQueryMode", "simple");
        }
        Connection c = new Driver().connect(url, props);
        if (c == null) {
            throw new SQLException("--scratch is not a PostgreSQL JDBC URL");
        }
        return c;
    }

    /** The same URL with another database: {@code jdbc:postgresql://host:port/other?params}. */
    static String withDatabase(String url, String database) {
        int hostStart = "jdbc:postgresql://".length();
        int slash = url.indexOf('/', hostStart);
        int query = url.indexOf('?', hostStart);
        String params = query < 0 ? "" : url.substring(query);
        String host = url.substring(0, slash < 0 ? (query < 0 ? url.length() : query) : slash);
        return host + "/" + database + params;
    }
}

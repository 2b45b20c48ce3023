package dev.driftwatch.testsupport;

import dev.driftwatch.gate.GateCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the release gate the three ways CI does: in process (the code of {@code driftwatch gate}), as the JDK-only
 * single source file ({@code java GateCommand.java}) and as the bash + curl script; no {@code DRIFTWATCH_*}
 * variable of the machine running the tests leaks into them.
 */
public final class Gates {
    public static final Path SOURCE = PostgresServer.PROJECT.resolve("src/main/java/dev/driftwatch/gate/GateCommand.java");
    public static final Path SCRIPT = PostgresServer.PROJECT.resolve("deploy/ci/gate.sh");

    private Gates() {
    }

    /** What a gate run printed and how it exited. */
    public record Result(int code, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    public static Result inProcess(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public static Result sourceFile(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), SOURCE.toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, PostgresServer.PROJECT, Map.of());
    }

    public static Result script(String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, PostgresServer.PROJECT, Map.of());
    }

    /** Runs a command with a clean {@code DRIFTWATCH_*}-free environment plus {@code env}, output to files (no pipe stalls). */
    public static Result exec(List<String> command, Path dir, Map<String, String> env) {
        try {
            Path out = Files.createTempFile("gate-out-", ".txt");
            Path err = Files.createTempFile("gate-err-", ".txt");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().keySet().removeIf(k -> k.startsWith("DRIFTWATCH_") || k.startsWith("GITHUB_"));
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(3, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new AssertionError("did not finish within 3 minutes: " + command);
                }
                return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

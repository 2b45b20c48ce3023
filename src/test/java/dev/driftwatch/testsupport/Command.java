package dev.driftwatch.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command-line tool the tests depend on (promtool, amtool, bash) and returns its exit code and combined
 * output; a missing tool fails with the Debian package that provides it (bin/test installs them).
 */
public final class Command {
    private Command() {
    }

    /** The exit code and the combined stdout and stderr of one run. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    public static Result run(Path workDir, Map<String, String> environment, Duration timeout, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + " (" + e.getMessage() + ")" + packageHint(command.get(0)), e);
        }
        try {
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            process.destroyForcibly();
            throw new AssertionError("reading the output of " + command.get(0) + " failed", e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command.get(0), e);
        }
    }

    public static Result run(Path workDir, List<String> command) {
        return run(workDir, Map.of(), Duration.ofSeconds(120), command);
    }

    static String packageHint(String tool) {
        return switch (tool) {
            case "promtool", "prometheus" -> "; install the Debian package prometheus (bin/test does)";
            case "amtool", "prometheus-alertmanager" -> "; install the Debian package prometheus-alertmanager (bin/test does)";
            default -> "";
        };
    }
}

package dev.driftwatch;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** {@code driftwatch [--config FILE]}: runs the daemon on an environments file. */
@QuarkusMain
public class Main {
    public static void main(String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                System.setProperty("driftwatch.config", args[++i]);
            } else if (args[i].startsWith("--config=")) {
                System.setProperty("driftwatch.config", args[i].substring("--config=".length()));
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.println("usage: driftwatch [--config FILE]   (or DRIFTWATCH_CONFIG; default config/driftwatch.yaml)");
                return;
            } else {
                System.err.println("driftwatch: unknown argument " + args[i] + " (see --help)");
                System.exit(2);
            }
        }
        Quarkus.run(args);
    }
}

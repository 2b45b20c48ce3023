package dev.driftwatch;

import dev.driftwatch.gate.GateCommand;
import dev.driftwatch.schema.ContractCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;

/**
 * {@code driftwatch [--config FILE]}: runs the daemon on an environments file.
 * {@code driftwatch gate ...}: asks a running driftwatch for a release verdict (see {@link GateCommand}) and exits.
 * {@code driftwatch contract ...}: prints the contract a migrations directory produces (see {@link ContractCommand}).
 */
@QuarkusMain
public class Main {
    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("gate")) {
            System.exit(GateCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err, System.getenv()));
        }
        if (args.length > 0 && args[0].equals("contract")) {
            System.exit(ContractCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err, System.getenv()));
        }
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                System.setProperty("driftwatch.config", args[++i]);
            } else if (args[i].startsWith("--config=")) {
                System.setProperty("driftwatch.config", args[i].substring("--config=".length()));
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.println("usage: driftwatch [--config FILE]   (or DRIFTWATCH_CONFIG; default config/driftwatch.yaml)");
                System.out.println("       driftwatch gate --help       (a release gate for CI)");
                System.out.println("       driftwatch contract --help   (the contract a migrations directory produces)");
                return;
            } else {
                System.err.println("driftwatch: unknown argument " + args[i] + " (see --help)");
                System.exit(2);
            }
        }
        Quarkus.run(args);
    }
}

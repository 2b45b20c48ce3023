package dev.driftwatch.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A throwaway CA and a server certificate for 127.0.0.1, generated with openssl for each test run. */
public record TestCertificates(Path dir, Path caCertificate, Path serverCertificate, Path serverKey) {

    public static TestCertificates generate() {
        try {
            Path dir = Files.createTempDirectory("driftwatch-tls-");
            Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                    "-days", "2", "-subj", "/CN=driftwatch test CA");
            run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                    "-subj", "/CN=127.0.0.1");
            run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", "server.crt", "-days", "2", "-extfile", "san.ext");
            return new TestCertificates(dir, dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot generate test certificates with openssl", e);
        }
    }

    private static void run(Path dir, String... cmd) throws IOException {
        try {
            Process p = new ProcessBuilder(List.of(cmd)).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}

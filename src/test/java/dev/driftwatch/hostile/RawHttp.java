package dev.driftwatch.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.ConfigProvider;

/** HTTP/1.1 over a plain socket, for what a client library will not do: hang up mid-request, lie about lengths. */
final class RawHttp {
    private RawHttp() {
    }

    static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    static Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", port());
        s.setSoTimeout(30_000);
        return s;
    }

    /** Sends a request head (and no body). */
    static void head(Socket s, String method, String target, String... headers) throws IOException {
        StringBuilder out = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String h : headers) {
            out.append(h).append("\r\n");
        }
        out.append("\r\n");
        s.getOutputStream().write(out.toString().getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    /** Writes the body, stopping quietly when the server has closed the connection. */
    static void body(Socket s, byte[] body) {
        try {
            OutputStream out = s.getOutputStream();
            for (int at = 0; at < body.length; at += 16 * 1024) {
                out.write(body, at, Math.min(16 * 1024, body.length - at));
            }
            out.flush();
        } catch (IOException closed) {
            // the server answered and closed without reading the body: what it should do
        }
    }

    /** The status line and headers of the response, and its body up to 64 KB (the connection closes or it ends). */
    static String response(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[65536];
        int n = 0;
        while (n < buf.length) {
            int r;
            try {
                r = in.read(buf, n, buf.length - n);
            } catch (java.net.SocketException reset) {
                break;
            }
            if (r < 0) {
                break;
            }
            n += r;
            String text = new String(buf, 0, n, StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0 && text.contains("\"error\"") && text.trim().endsWith("}")) {
                break;
            }
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}

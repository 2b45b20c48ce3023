package dev.driftwatch.testsupport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal RESP2 client for tests: administers the test Redis servers (CONFIG SET, ACL, DEBUG SLEEP, REPLICAOF)
 * and backs the Upstash REST fixture. Replies: String, Long, List, null, or {@link ErrorReply}.
 */
public final class RespClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** An error reply ("-ERR ..."), returned rather than thrown so a fixture can pass it on. */
    public record ErrorReply(String message) {
    }

    public RespClient(int port, String user, String password) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        if (password != null) {
            Object r = user == null ? call("AUTH", password) : call("AUTH", user, password);
            if (r instanceof ErrorReply e) {
                close();
                throw new IOException("AUTH failed: " + e.message());
            }
        }
    }

    public synchronized Object call(Object... args) throws IOException {
        List<Object> list = new ArrayList<>(List.of(args));
        return call(list);
    }

    public synchronized Object call(List<?> args) throws IOException {
        StringBuilder sb = new StringBuilder("*").append(args.size()).append("\r\n");
        for (Object a : args) {
            byte[] b = String.valueOf(a).getBytes(StandardCharsets.UTF_8);
            sb.append('$').append(b.length).append("\r\n").append(new String(b, StandardCharsets.UTF_8)).append("\r\n");
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read();
    }

    private Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new IOException("connection closed by Redis");
        }
        String line = line();
        return switch (type) {
            case '+' -> line;
            case '-' -> new ErrorReply(line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    yield null;
                }
                byte[] b = in.readNBytes(n);
                line();
                yield new String(b, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    yield null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                yield items;
            }
            default -> throw new IOException("not RESP: " + (char) type + line);
        };
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed by Redis");
            }
            sb.append((char) c);
        }
        in.read();
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }
}

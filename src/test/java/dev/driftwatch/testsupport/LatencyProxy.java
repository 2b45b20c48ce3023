package dev.driftwatch.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free port of 127.0.0.1 in front of a server (the suite's redis-server): what the client sends is
 * forwarded at once, what the server answers reaches the client {@link #delay(Duration)} after the server sent it,
 * in order. The delay can be changed at run time and applies to answers the server sends from then on. Every
 * accepted connection counts in {@link #connections()}. {@link #close()} closes the listener and every connection.
 */
public final class LatencyProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile long delayNanos;
    private volatile boolean closed;

    private record Chunk(byte[] bytes, long dueNanos) {
    }

    private LatencyProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("latency-proxy-accept", this::acceptLoop).start();
    }

    public static LatencyProxy to(int targetPort) throws IOException {
        return new LatencyProxy(targetPort);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** A {@code redis://} URL through this proxy. */
    public String redisUrl() {
        return "redis://127.0.0.1:" + port();
    }

    public void delay(Duration delay) {
        delayNanos = delay.toNanos();
    }

    /** Client connections accepted so far. */
    public int connections() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                accepted.incrementAndGet();
                Socket server = new Socket();
                sockets.add(client);
                sockets.add(server);
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                daemon("latency-proxy-up", () -> copy(client, server)).start();
                BlockingQueue<Chunk> answers = new LinkedBlockingQueue<>();
                daemon("latency-proxy-down-read", () -> readAnswers(server, client, answers)).start();
                daemon("latency-proxy-down-write", () -> writeAnswers(answers, client, server)).start();
            } catch (IOException e) {
                // closed, or the target refused this one connection: the client sees its connection end
            }
        }
    }

    private void copy(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            release(from, to);
        }
    }

    private void readAnswers(Socket server, Socket client, BlockingQueue<Chunk> answers) {
        byte[] buffer = new byte[16384];
        try {
            InputStream in = server.getInputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                answers.add(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + delayNanos));
            }
        } catch (IOException e) {
            // one side closed
        }
        answers.add(new Chunk(null, System.nanoTime() + delayNanos)); // the server's end, delayed like its answers
    }

    private void writeAnswers(BlockingQueue<Chunk> answers, Socket client, Socket server) {
        try {
            OutputStream out = client.getOutputStream();
            while (true) {
                Chunk chunk = answers.take();
                long wait = chunk.dueNanos() - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                if (chunk.bytes() == null) {
                    return;
                }
                out.write(chunk.bytes());
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            release(client, server);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    private void release(Socket... ended) {
        closeQuietly(ended);
        sockets.removeAll(List.of(ended));
    }

    private static void closeQuietly(Socket... sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        sockets.forEach(LatencyProxy::closeQuietly);
        sockets.clear();
    }
}

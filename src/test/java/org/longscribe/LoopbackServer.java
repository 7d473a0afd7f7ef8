package org.longscribe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Hostile servers on 127.0.0.1 for tests (nothing leaves the machine): an HTTP server whose routes
 * drip, fall silent after the headers, or serve bytes with chosen headers; and a socket that accepts
 * and never answers. Every wait a route makes is bounded (it gives up after 30 s), so a test that
 * fails leaves no thread behind for long.
 */
public final class LoopbackServer implements AutoCloseable {
    /** Answers one request. */
    @FunctionalInterface
    public interface Route {
        void answer(HttpExchange x) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final List<ServerSocket> silent = new CopyOnWriteArrayList<>();
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    public LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public LoopbackServer route(String path, Route route) {
        server.createContext(path, x -> {
            try {
                route.answer(x);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client gave up: what these servers are for
            } finally {
                x.close();
            }
        });
        return this;
    }

    /**
     * {@code body} with status 200, an ETag, and {@code headers} (name, value pairs); a HEAD whose
     * If-None-Match is that ETag is answered 304.
     */
    public static Route bytes(byte[] body, String... headers) {
        String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "\"";
        return x -> {
            x.getResponseHeaders().set("ETag", etag);
            for (int i = 0; i + 1 < headers.length; i += 2) {
                x.getResponseHeaders().set(headers[i], headers[i + 1]);
            }
            if (x.getRequestMethod().equals("HEAD")) {
                x.sendResponseHeaders(etag.equals(x.getRequestHeaders().getFirst("If-None-Match")) ? 304 : 200, -1);
                return;
            }
            x.sendResponseHeaders(200, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        };
    }

    /** Headers saying {@code length} bytes, then one byte every {@code everyMillis} (for 30 s at most). */
    public static Route drip(long length, long everyMillis) {
        return x -> {
            x.sendResponseHeaders(200, length);
            OutputStream out = x.getResponseBody();
            long end = System.nanoTime() + 30_000_000_000L;
            for (long i = 0; i < length && System.nanoTime() < end; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(everyMillis);
            }
        };
    }

    /** Headers, then nothing (for 30 s at most). */
    public static Route silentAfterHeaders(long length) {
        return x -> {
            x.sendResponseHeaders(200, length);
            x.getResponseBody().flush();
            Thread.sleep(30_000);
        };
    }

    /** A port that accepts connections and never says a word; the address "http://127.0.0.1:PORT". */
    public String acceptsAndNeverAnswers() throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        silent.add(socket);
        Thread t = new Thread(() -> {
            try {
                while (!socket.isClosed()) {
                    held.add(socket.accept()); // read nothing, answer nothing
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "loopback-silent");
        t.setDaemon(true);
        t.start();
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() {
        server.stop(0);
        for (ServerSocket s : silent) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (Socket s : held) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}

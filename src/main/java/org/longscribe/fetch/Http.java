package org.longscribe.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one HTTP client configuration of longscribe: HTTP/1.1 (every mirror speaks it, and a range
 * request is plain), redirects as the JDK follows them (at most 5, never https to http), and every
 * wait bounded by {@link NetworkLimits}: the connection, the response's headers, and the body,
 * which a watchdog gives up when it falls silent or drips slower than the limit.
 */
public final class Http {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "longscribe-network-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final HttpClient client;
    private final NetworkLimits limits;

    public Http(NetworkLimits limits) {
        this.limits = limits;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(limits.connect()).build();
    }

    public NetworkLimits limits() {
        return limits;
    }

    /**
     * GET {@code uri} with the headers given as name, value pairs. The body is an input stream under
     * the watchdog: a read that waits too long fails with a {@link StalledException}. The caller
     * closes the body.
     */
    public HttpResponse<InputStream> get(URI uri, String... headers) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(request(uri, headers).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        return new Watched(response, new WatchedStream(response.body(), limits, client));
    }

    /** HEAD {@code uri}: the status code. */
    public int head(URI uri, String... headers) throws IOException, InterruptedException {
        return client.send(request(uri, headers).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpRequest.Builder request(URI uri, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(limits.firstByte()).header("User-Agent", "longscribe");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    /** A network failure in a few words (the JDK's often carry none). */
    public static String why(IOException e) {
        if (e instanceof java.net.http.HttpConnectTimeoutException) {
            return "no connection within the connect timeout";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within the first-byte timeout";
        }
        if (e instanceof StalledException) {
            return e.getMessage();
        }
        if (e instanceof java.net.ConnectException) {
            return "cannot connect" + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A read of a response body that the watchdog gave up: silent or too slow for the limits. */
    public static final class StalledException extends IOException {
        StalledException(String message) {
            super(message);
        }
    }

    /**
     * A body under the watchdog. The watchdog closes the JDK's stream when the body has been silent
     * for the first-byte limit or delivered less than the speed limit over the speed time; the reader
     * blocked in {@code read} then wakes and gets a {@link StalledException} saying which.
     */
    static final class WatchedStream extends InputStream {
        private final InputStream in;
        private final NetworkLimits limits;
        /** The client stays reachable while its body is read: the JDK closes its connections once it is not. */
        @SuppressWarnings({"unused", "FieldCanBeLocal"})
        private final HttpClient client;
        private final ScheduledFuture<?> check;
        private volatile long bytes;
        private volatile long lastByte = System.nanoTime();
        private long windowStart = lastByte;
        private long windowBytes;
        private volatile String stalled;

        WatchedStream(InputStream in, NetworkLimits limits, HttpClient client) {
            this.in = in;
            this.limits = limits;
            this.client = client;
            long period = Math.max(20, Math.min(1000, Math.min(limits.firstByte().toMillis(), limits.speedTime().toMillis()) / 10));
            this.check = WATCHDOG.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
        }

        private void check() {
            long now = System.nanoTime();
            if (now - lastByte > limits.firstByte().toNanos()) {
                stop("no data for " + NetworkLimits.seconds(limits.firstByte()) + " (after " + bytes + " bytes)");
            } else if (now - windowStart >= limits.speedTime().toNanos()) {
                long got = bytes - windowBytes;
                double rate = got / ((now - windowStart) / 1e9);
                if (rate < limits.speedLimit()) {
                    stop(String.format(java.util.Locale.ROOT, "slower than %d bytes/s for %s (%.0f bytes/s, %d bytes in all)",
                            limits.speedLimit(), NetworkLimits.seconds(limits.speedTime()), rate, bytes));
                } else {
                    windowStart = now;
                    windowBytes = bytes;
                }
            }
        }

        private void stop(String why) {
            stalled = why;
            check.cancel(false);
            try {
                in.close(); // wakes the reader
            } catch (IOException | RuntimeException ignored) {
                // it is being given up anyway
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                if (stalled != null) {
                    throw new StalledException(stalled);
                }
                throw e;
            }
            if (stalled != null) {
                throw new StalledException(stalled);
            }
            if (n > 0) {
                bytes += n;
                lastByte = System.nanoTime();
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            check.cancel(false);
            in.close();
        }
    }

    /** The JDK's response with its body replaced by the watched one. */
    private record Watched(HttpResponse<InputStream> response, InputStream body) implements HttpResponse<InputStream> {
        @Override
        public int statusCode() {
            return response.statusCode();
        }

        @Override
        public HttpRequest request() {
            return response.request();
        }

        @Override
        public java.util.Optional<HttpResponse<InputStream>> previousResponse() {
            return response.previousResponse();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return response.headers();
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return response.sslSession();
        }

        @Override
        public URI uri() {
            return response.uri();
        }

        @Override
        public HttpClient.Version version() {
            return response.version();
        }
    }
}

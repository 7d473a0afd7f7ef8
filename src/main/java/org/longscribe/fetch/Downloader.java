package org.longscribe.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.longscribe.error.UnavailableException;
import org.longscribe.error.UndecodableInputException;
import org.longscribe.store.AtomicOutput;
import org.longscribe.store.TempFiles;
import org.longscribe.store.WriteFailure;

/**
 * Downloads over http(s) into a file: under a temporary name beside it ({@code NAME.partial}, removed
 * on failure and on Ctrl-C), renamed when complete. Only http and https; redirects followed as the
 * JDK does (at most 5, never from https to http); a download larger than {@code maxBytes} is
 * stopped; a body shorter than its Content-Length is an error, not a recording.
 */
public final class Downloader {
    /** Told how a download goes. */
    @FunctionalInterface
    public interface Listener {
        /** {@code total} is -1 when the server did not say. */
        void progress(long bytes, long total);
    }

    /**
     * A finished download.
     *
     * @param etag         the server's ETag, or null
     * @param lastModified the server's Last-Modified, or null
     * @param contentType  the server's Content-Type, or null
     */
    public record Download(Path file, long bytes, String etag, String lastModified, String contentType) {
        /** The server's Last-Modified as ISO 8601 (UTC), for the transcript's source; the download's time when it sent none. */
        public String modifiedIso() {
            java.time.Instant at = Feed.date(lastModified);
            return (at != null ? at : java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)).toString();
        }
    }

    private final HttpClient http;
    private final long maxBytes;

    public Downloader(HttpClient http, long maxBytes) {
        this.http = http;
        this.maxBytes = maxBytes;
    }

    /** An HTTP/1.1 client that follows redirects (not https to http) and gives up connecting after 30 s. */
    public static HttpClient httpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    /** Whether {@code value} is an http or https URL (the only kinds fetched). */
    public static boolean isHttp(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return v.startsWith("http://") || v.startsWith("https://");
    }

    /** Checks that {@code url} is an http(s) URL with a host; the URI. */
    public static URI checkedUri(String url) throws UndecodableInputException {
        try {
            URI uri = URI.create(url.strip());
            if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UndecodableInputException(null, url + ": not an http or https URL");
        }
    }

    /** The body of {@code uri} as text (a feed), at most {@code limit} bytes. */
    public String text(URI uri, int limit) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = send(uri);
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw new UnavailableException(null, uri + ": " + "larger than " + limit + " bytes", null);
            }
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Downloads {@code uri} into {@code target}. */
    public Download download(URI uri, Path target, Listener listener) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = send(uri);
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (total > maxBytes) {
            response.body().close();
            throw new UnavailableException(null, uri + ": " + "the server says " + total + " bytes, more than --max-size " + maxBytes, null);
        }
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        TempFiles.register(partial);
        long bytes = 0;
        try (InputStream in = response.body();
             OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                     StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[64 * 1024];
            long lastReport = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (Thread.interrupted()) {
                    throw new InterruptedIOException("download interrupted");
                }
                bytes += n;
                if (bytes > maxBytes) {
                    throw new UnavailableException(null, uri + ": " + "larger than --max-size " + maxBytes + " bytes; stopped", null);
                }
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    throw WriteFailure.cannotWrite(partial, "the download", e);
                }
                if (listener != null && bytes - lastReport >= 256 * 1024) {
                    listener.progress(bytes, total);
                    lastReport = bytes;
                }
            }
            if (total >= 0 && bytes != total) {
                throw new UnavailableException(null, uri + ": " + "the download broke off at " + bytes + " of " + total + " bytes", null);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            TempFiles.forget(partial);
            if (e instanceof org.longscribe.error.LongscribeException || e instanceof InterruptedIOException) {
                throw e;
            }
            throw new UnavailableException(null, uri + ": " + "the download failed (" + e.getMessage() + ")", e);
        }
        if (listener != null) {
            listener.progress(bytes, total);
        }
        AtomicOutput.moveIntoPlace(partial, target);
        TempFiles.forget(partial);
        return new Download(target, bytes, header(response, "ETag"), header(response, "Last-Modified"),
                header(response, "Content-Type"));
    }

    /**
     * Whether {@code uri} is unchanged since a download that the server described by {@code etag}
     * and {@code lastModified}: a HEAD request with them as validators, answered 304. False when
     * there is nothing to ask with or the server cannot be asked (then download and see).
     */
    public boolean notModified(URI uri, String etag, String lastModified) throws InterruptedException {
        if (etag == null && lastModified == null) {
            return false;
        }
        HttpRequest.Builder head = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("User-Agent", "longscribe");
        if (etag != null) {
            head.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            head.header("If-Modified-Since", lastModified);
        }
        try {
            return http.send(head.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 304;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A safe local file name for what {@code uri} points at: its last path segment, else "download". */
    public static String fileName(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._ -]", "_").replaceAll("^[.]+", "");
        return last.isBlank() ? "download" : last.length() > 100 ? last.substring(last.length() - 100) : last;
    }

    private HttpResponse<InputStream> send(URI uri) throws IOException, InterruptedException {
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET()
                    .header("User-Agent", "longscribe").build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UnavailableException(null, uri + ": " + "cannot be fetched (" + describe(e) + ")", e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new UnavailableException(null, uri + ": " + "the server answered HTTP " + response.statusCode(), null);
        }
        return response;
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static String header(HttpResponse<?> response, String name) {
        Optional<String> v = response.headers().firstValue(name);
        return v.orElse(null);
    }

}

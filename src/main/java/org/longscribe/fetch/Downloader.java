package org.longscribe.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.longscribe.error.UnavailableException;
import org.longscribe.error.UndecodableInputException;
import org.longscribe.store.AtomicOutput;
import org.longscribe.store.TempFiles;
import org.longscribe.store.WriteFailure;

/**
 * Downloads over http(s) into a file: under a temporary name beside it ({@code NAME.partial}, created
 * exclusively, removed on failure and on Ctrl-C), renamed when complete; every wait bounded by the
 * {@link Http} client's {@link NetworkLimits}. Only http and https; redirects followed as the
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

    private final Http http;
    private final long maxBytes;

    public Downloader(Http http, long maxBytes) {
        this.http = http;
        this.maxBytes = maxBytes;
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

    /**
     * A document as the server sent it (a feed): its bytes, gzip-compressed when the server chose
     * Content-Encoding gzip ({@link Feed#parse(byte[], String, String)} unpacks those, as it does a
     * {@code .gz} file), and the charset its Content-Type names (null when none).
     */
    public record Document(byte[] bytes, String charset) {
    }

    /** The body of {@code uri}, at most {@code limit} bytes as sent. */
    public Document document(URI uri, int limit) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = send(uri, "Accept-Encoding", "gzip");
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw new UndecodableInputException(null, uri + ": not a feed (larger than " + limit / (1024 * 1024) + " MB)");
            }
            return new Document(body, charset(header(response, "Content-Type")));
        } catch (IOException e) {
            if (e instanceof org.longscribe.error.LongscribeException) {
                throw e;
            }
            throw new UnavailableException(null, uri + ": the download failed (" + Http.why(e) + ")", e);
        }
    }

    /** The charset parameter of a Content-Type, or null. */
    static String charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String v = p.substring("charset=".length()).strip().replace("\"", "");
                return v.isEmpty() ? null : v;
            }
        }
        return null;
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
             OutputStream out = java.nio.channels.Channels.newOutputStream(TempFiles.createExclusive(partial))) {
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
            throw new UnavailableException(null, uri + ": " + "the download failed (" + (e instanceof IOException io
                    ? Http.why(io) : e.toString()) + ")", e);
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
        List<String> validators = new ArrayList<>();
        if (etag != null) {
            validators.addAll(List.of("If-None-Match", etag));
        }
        if (lastModified != null) {
            validators.addAll(List.of("If-Modified-Since", lastModified));
        }
        try {
            return http.head(uri, validators.toArray(String[]::new)) == 304;
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

    private HttpResponse<InputStream> send(URI uri, String... headers) throws IOException, InterruptedException {
        HttpResponse<InputStream> response;
        try {
            response = http.get(uri, headers);
        } catch (IOException e) {
            throw new UnavailableException(null, uri + ": " + "cannot be fetched (" + Http.why(e) + ")", e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new UnavailableException(null, uri + ": " + "the server answered HTTP " + response.statusCode(), null);
        }
        return response;
    }

    private static String header(HttpResponse<?> response, String name) {
        Optional<String> v = response.headers().firstValue(name);
        return v.orElse(null);
    }

}

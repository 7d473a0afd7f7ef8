package org.longscribe.transcript;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.longscribe.BuildInfo;
import org.longscribe.asr.Word;

/**
 * A reader: one self-contained HTML page with the recording in an {@code <audio>} (or {@code <video>})
 * element and the transcript beside it, every word a {@code <span class="w" data-start>} that seeks
 * the recording when clicked. CSS and JavaScript are inline; the page fetches nothing but the
 * recording (a Content-Security-Policy forbids anything else), so it works offline and from a file.
 *
 * <p>The recording's address is {@code media} when given (a URL, for a web server or a moved
 * archive), else the source's path relative to the page's directory, else its file: URI.
 */
public final class HtmlWriter implements TranscriptWriter {
    /** Words the recognizer was less sure of than this are shown subtly: where to listen again. */
    static final double LOW_CONFIDENCE = 0.6;
    private static final String CSS = resource("reader.css");
    private static final String JS = resource("reader.js");
    private static final String SCRIPT_HASH = scriptHash("\n" + JS);

    private final Path page;
    private final String media;

    /**
     * @param page  where the page will be written (null: the working directory), for a relative media path
     * @param media the recording's address as the page should use it, or null to derive it
     */
    public HtmlWriter(Path page, String media) {
        this.page = page;
        this.media = media;
    }

    private static final java.util.regex.Pattern SAFE_HREF = java.util.regex.Pattern.compile(
            "(?i)https?://[^\\s\"'<>\\\\\\p{Cntrl}]+|(?![/\\\\])[^:/?#\\s\\\\\\p{Cntrl}]*([/?#][^\\s\\\\\\p{Cntrl}]*)?");

    /**
     * Whether {@code address} may be a link's or a player's address on our pages: an http(s) URL, or
     * a relative path (no scheme, no host, no control characters). Everything else
     * ({@code javascript:}, {@code data:}, {@code //host}) is shown as text.
     */
    public static boolean isSafeHref(String address) {
        return address != null && SAFE_HREF.matcher(address).matches();
    }

    /**
     * A Content-Security-Policy source for the inline script {@code script} (the text of its element):
     * our pages run their own script, by its hash, and nothing inline besides.
     */
    public static String scriptHash(String script) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + java.util.Base64.getEncoder().encodeToString(digest) + "'";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The recording's address from a page in {@code pageDir}: a relative path when there is one, else a file: URI. */
    public static String mediaAddress(Path pageDir, String sourcePath) {
        Path source = Path.of(sourcePath).toAbsolutePath().normalize();
        Path dir = pageDir.toAbsolutePath().normalize();
        try {
            if (source.getRoot() != null && source.getRoot().equals(dir.getRoot())) {
                Path relative = dir.relativize(source);
                List<String> parts = new ArrayList<>();
                for (Path part : relative) {
                    parts.add(URLEncoder.encode(part.toString(), StandardCharsets.UTF_8).replace("+", "%20"));
                }
                return String.join("/", parts);
            }
        } catch (IllegalArgumentException e) {
            // different kinds of path: the absolute URI below
        }
        return source.toUri().toString();
    }

    @Override
    public void write(Transcript t, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        String name = Path.of(t.source().path()).getFileName().toString();
        Path pageDir = page == null ? Path.of("") : page.toAbsolutePath().getParent();
        String src = media != null ? media
                : t.source().path().matches("^[a-z][a-z0-9+.-]*://.*") ? t.source().path() // a URI (Spark)
                : mediaAddress(pageDir, t.source().path());
        boolean video = t.source().video();
        w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        // Nothing but the recording may be fetched: no fonts, scripts, images or beacons; no script runs but the page's own.
        w.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"
                + " script-src " + SCRIPT_HASH + "; img-src data:; media-src 'self' file: http: https: blob: data:\">\n");
        w.write("<meta name=\"generator\" content=\"longscribe " + attr(BuildInfo.version()) + "\">\n");
        w.write("<title>" + text(name) + " \u2014 transcript</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n");
        w.write("<header>\n<h1>" + text(name) + "</h1>\n<p class=\"meta\">");
        List<String> meta = new ArrayList<>();
        meta.add(clock(t.duration()));
        meta.add(words(t) + " words");
        meta.add("model " + text(t.model().name()));
        if (t.source().modified() != null && t.source().modified().length() >= 10) {
            meta.add("file dated " + text(t.source().modified().substring(0, 10)));
        }
        if (t.speakers() != null) {
            for (Speaker s : t.speakers().speakers()) {
                meta.add("<span class=\"spk\">" + text(s.id()) + " " + clock(s.seconds()) + "</span>");
            }
        }
        w.write(String.join(" \u00b7 ", meta));
        w.write("</p>\n<div class=\"player\"><" + (video ? "video" : "audio") + " id=\"media\" controls preload=\"metadata\" src=\""
                + attr(src) + "\"></" + (video ? "video" : "audio") + "></div>\n");
        w.write("<div class=\"tools\"><input id=\"q\" type=\"search\" placeholder=\"Search the transcript (/)\" aria-label=\"Search\">"
                + "<button id=\"prev\" type=\"button\" title=\"Previous match (Shift+Enter)\">\u2191</button>"
                + "<button id=\"next\" type=\"button\" title=\"Next match (Enter)\">\u2193</button>"
                + "<span id=\"count\" class=\"count\" aria-live=\"polite\"></span>"
                + "<label><input id=\"follow\" type=\"checkbox\" checked> follow</label>"
                + "<span class=\"keys\">click a word to hear it \u00b7 space play/pause \u00b7 \u2191\u2193 segments</span></div>\n");
        w.write("</header>\n<main id=\"transcript\">\n");
        String turn = null;
        for (TranscriptSegment s : t.segments()) {
            String speaker = s.speaker();
            w.write("<section class=\"seg" + (speaker == null ? "" : " " + attr(speaker.toLowerCase(Locale.ROOT))) + "\" id=\"s"
                    + s.id() + "\" data-start=\"" + seconds(s.start()) + "\" data-end=\"" + seconds(s.end()) + "\""
                    + (speaker == null ? "" : " data-speaker=\"" + attr(speaker) + "\"") + ">");
            if (speaker != null && !speaker.equals(turn)) {
                w.write("<div class=\"turn\">" + text(speaker) + "</div>");
            }
            turn = speaker;
            String clock = clock(s.start());
            w.write("<a class=\"ts\" href=\"#t=" + clock + "\">" + clock + "</a><p>");
            // Without word times (--no-words), spread evenly over the segment, as subtitles do.
            List<Word> words = s.words().isEmpty() ? Cues.spread(s) : s.words();
            for (int i = 0; i < words.size(); i++) {
                Word word = words.get(i);
                boolean low = word.conf() < LOW_CONFIDENCE;
                w.write("<span class=\"w" + (low ? " low" : "") + "\" data-start=\"" + seconds(word.start()) + "\" data-end=\""
                        + seconds(word.end()) + "\"" + (low ? " title=\"confidence " + String.format(Locale.ROOT, "%.2f", word.conf())
                        + "\"" : "") + ">" + text(word.word()) + "</span>");
                if (i + 1 < words.size()) {
                    w.write(' ');
                }
            }
            w.write("</p></section>\n");
        }
        w.write("</main>\n<footer>Transcribed offline by longscribe " + text(BuildInfo.version()) + " with Vosk "
                + text(BuildInfo.voskVersion()) + ".</footer>\n<script>\n" + JS + "</script>\n</body>\n</html>\n");
        w.flush();
    }

    private static int words(Transcript t) {
        int n = 0;
        for (TranscriptSegment s : t.segments()) {
            n += s.words().isEmpty() ? s.text().split(" ").length : s.words().size();
        }
        return n;
    }

    /** Seconds as in the JSON: to the millisecond. */
    private static String seconds(double s) {
        double rounded = Math.round(s * 1000) / 1000.0;
        return rounded == Math.rint(rounded) ? Long.toString((long) rounded) : Double.toString(rounded);
    }

    /** M:SS, or H:MM:SS from an hour on. */
    public static String clock(double seconds) {
        long s = (long) Math.floor(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Text content: a recognised word (or a file name) can never become markup. */
    public static String text(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append(' ');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Attribute values are escaped the same way (always double-quoted). */
    static String attr(String s) {
        return text(s);
    }

    private static String resource(String name) {
        try (InputStream in = HtmlWriter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

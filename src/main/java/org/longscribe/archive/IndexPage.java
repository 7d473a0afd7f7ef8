package org.longscribe.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.longscribe.BuildInfo;
import org.longscribe.store.AtomicOutput;
import org.longscribe.transcript.HtmlWriter;

/**
 * OUT_DIR/index.html: every recording with its title, date, duration, speakers and words, a link
 * to its page and to its media, newest first; and a search box over every transcript
 * (archive.js, reading longscribe-search/). Self-contained like the reader: inline CSS and
 * JavaScript, a Content-Security-Policy that lets the page load nothing but its own search data,
 * every title escaped. The listing is plain HTML: it works without JavaScript and from file://.
 */
final class IndexPage {
    /** What marks a page as ours (so an update may replace it, and never a user's own index.html). */
    static final String MARK = "data-longscribe=\"archive\"";
    private static final String CSS = resource("archive.css");
    private static final String JS = resource("archive.js");
    private static final String SCRIPT_HASH = HtmlWriter.scriptHash("\n" + JS);

    private IndexPage() {
    }

    static boolean isOurs(Path page) {
        if (!Files.isRegularFile(page, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(page, LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readNBytes(512), StandardCharsets.UTF_8).contains(MARK);
        } catch (IOException e) {
            return false;
        }
    }

    static void write(Path page, List<Archive.Entry> entries, long words) throws IOException {
        try (AtomicOutput out = AtomicOutput.create(page)) {
            out.writeAndCommit(stream -> {
                Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                write(w, entries, words);
                w.flush();
            });
        }
    }

    private static void write(Writer w, List<Archive.Entry> entries, long words) throws IOException {
        double seconds = entries.stream().mapToDouble(Archive.Entry::duration).sum();
        w.write("<!DOCTYPE html>\n<html lang=\"en\" " + MARK + ">\n<head>\n<meta charset=\"utf-8\">\n");
        w.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        // The page may load its own search data (scripts, so that file:// works too) and nothing else.
        // No script runs inline but the page's own, by its hash.
        w.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"
                + " script-src " + SCRIPT_HASH + " 'self' file:; img-src data:\">\n");
        w.write("<meta name=\"generator\" content=\"longscribe " + text(BuildInfo.version()) + "\">\n");
        w.write("<title>Transcripts \u2014 " + entries.size() + " recordings</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n");
        w.write("<header>\n<h1>Transcripts</h1>\n<p class=\"meta\">" + entries.size() + " recordings \u00b7 " + clock(seconds)
                + " of audio \u00b7 " + String.format(Locale.ROOT, "%,d", words) + " words</p>\n");
        w.write("<form id=\"search\" class=\"tools\" role=\"search\"><input id=\"q\" type=\"search\" autocomplete=\"off\""
                + " placeholder=\"Search every transcript (/)\" aria-label=\"Search every transcript\">"
                + "<span id=\"status\" class=\"status\" aria-live=\"polite\"></span></form>\n");
        w.write("<p id=\"trouble\" class=\"trouble\" hidden></p>\n</header>\n<main>\n");
        w.write("<section id=\"results\" hidden><h2>Found</h2><ol id=\"hits\"></ol><button id=\"more\" type=\"button\" hidden>More</button></section>\n");
        w.write("<h2>Recordings</h2>\n<table id=\"listing\">\n<thead><tr><th>Recording</th><th>Date</th><th class=\"num\">Duration</th>"
                + "<th class=\"num\">Speakers</th><th class=\"num\">Words</th><th>Media</th></tr></thead>\n<tbody>\n");
        for (Archive.Entry e : entries) {
            // Every address checked again as it is written: the catalog it comes from lies in OUT_DIR too.
            String target = Links.href(e.page() != null ? e.page() : Links.relative(e.json()));
            String media = Links.href(e.media());
            w.write("<tr data-id=\"" + e.id() + "\"><td class=\"title\">" + (target == null ? text(e.title())
                    : "<a href=\"" + text(target) + "\">" + text(e.title()) + "</a>") + "</td><td class=\"date\">" + (e.date() == null ? "" : text(e.date().length() >= 10 ? e.date().substring(0, 10) : e.date()))
                    + "</td><td class=\"num\">" + clock(e.duration()) + "</td><td class=\"num\">" + (e.speakers() > 0 ? e.speakers() : "")
                    + "</td><td class=\"num\">" + String.format(Locale.ROOT, "%,d", e.words()) + "</td><td class=\"media\">"
                    + (media == null ? "" : "<a href=\"" + text(media) + "\">media</a>") + "</td></tr>\n");
        }
        w.write("</tbody>\n</table>\n</main>\n<footer>Transcribed offline by longscribe " + text(BuildInfo.version())
                + ". Search runs in this page, on the data in longscribe-search/.</footer>\n<script>\n" + JS + "</script>\n</body>\n</html>\n");
    }

    private static String clock(double seconds) {
        return HtmlWriter.clock(seconds);
    }

    private static String text(String s) {
        return HtmlWriter.text(s);
    }

    private static String resource(String name) {
        try (InputStream in = IndexPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

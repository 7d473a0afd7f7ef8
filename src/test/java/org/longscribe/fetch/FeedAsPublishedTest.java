package org.longscribe.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.longscribe.LoopbackServer;
import org.longscribe.error.ExitCode;
import org.longscribe.error.UndecodableInputException;

/**
 * Feeds as people publish them: declared in Latin-1, in UTF-16, with a byte-order mark, with the
 * charset only in the HTTP header, gzip-compressed as a file or by Content-Encoding; and the hostile
 * ones (nested 20,000 deep) as one line, exit 65.
 */
class FeedAsPublishedTest {
    private static final String TITLE = "Café crème: naïve façade";

    private static String rss(String declaration) {
        return declaration + "<rss version=\"2.0\"><channel><title>Émissions</title>"
                + "<item><title>" + TITLE + "</title><guid>g1</guid>"
                + "<enclosure url=\"https://example.org/a.mp3\" type=\"audio/mpeg\"/></item>"
                + "</channel></rss>";
    }

    private static void readsTheTitles(Feed feed) {
        assertEquals("Émissions", feed.title());
        assertEquals(TITLE, feed.episodes().get(0).title());
    }

    @Test
    void theXmlDeclarationsEncodingIsRead() throws Exception {
        readsTheTitles(Feed.parse(rss("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>").getBytes(StandardCharsets.ISO_8859_1), null, "f.xml"));
        readsTheTitles(Feed.parse(rss("<?xml version=\"1.0\" encoding=\"windows-1252\"?>").getBytes(Charset.forName("windows-1252")), null, "f.xml"));
    }

    @Test
    void utf16AndByteOrderMarksAreRead() throws Exception {
        readsTheTitles(Feed.parse(rss("<?xml version=\"1.0\" encoding=\"UTF-16\"?>").getBytes(StandardCharsets.UTF_16), null, "f.xml"));
        readsTheTitles(Feed.parse(rss("<?xml version=\"1.0\" encoding=\"UTF-16\"?>").getBytes(StandardCharsets.UTF_16LE), null, "f.xml"));
        byte[] body = rss("<?xml version=\"1.0\" encoding=\"UTF-8\"?>").getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[body.length + 3];
        bom[0] = (byte) 0xef;
        bom[1] = (byte) 0xbb;
        bom[2] = (byte) 0xbf;
        System.arraycopy(body, 0, bom, 3, body.length);
        readsTheTitles(Feed.parse(bom, null, "f.xml"));
        readsTheTitles(Feed.parse(bom, "ISO-8859-1", "f.xml")); // a BOM outranks what a server says
    }

    @Test
    void aGzippedFeedFileIsRead() throws Exception {
        readsTheTitles(Feed.parse(gzip(rss("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>").getBytes(StandardCharsets.ISO_8859_1)), null, "f.xml.gz"));
    }

    @Test
    void overHttpTheCharsetHeaderAndGzipEncodingAreRead() throws Exception {
        byte[] latin1 = rss("").getBytes(StandardCharsets.ISO_8859_1); // no declaration: only the header says Latin-1
        try (LoopbackServer server = new LoopbackServer()
                .route("/latin1.xml", LoopbackServer.bytes(latin1, "Content-Type", "application/rss+xml; charset=ISO-8859-1"))
                .route("/gzip.xml", LoopbackServer.bytes(gzip(latin1), "Content-Type", "text/xml; charset=\"iso-8859-1\"",
                        "Content-Encoding", "gzip"))) {
            Downloader d = new Downloader(new Http(NetworkLimits.DEFAULTS), 1 << 30);
            for (String path : List.of("/latin1.xml", "/gzip.xml")) {
                Downloader.Document doc = d.document(URI.create(server.base() + path), Feed.MAX_BYTES);
                readsTheTitles(Feed.parse(doc.bytes(), doc.charset(), path));
            }
        }
    }

    @Test
    void aFeedNestedTwentyThousandDeepIsNotAFeedInOneLine() {
        String deep = "<rss><channel>" + "<x>".repeat(20_000) + "</x>".repeat(20_000) + "</channel></rss>";
        UndecodableInputException e = assertThrows(UndecodableInputException.class,
                () -> Feed.parse(deep.getBytes(StandardCharsets.UTF_8), null, "deep.xml"));
        assertEquals(ExitCode.DATA_ERROR, e.exitCode());
        assertTrue(e.getMessage().startsWith("deep.xml: not a feed"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void oneGuidIsOneEpisode() throws Exception {
        String items = "";
        for (int i = 0; i < 3; i++) {
            items += "<item><title>Take " + i + "</title><guid>same</guid><enclosure url=\"https://example.org/" + i
                    + ".mp3\" type=\"audio/mpeg\"/></item>";
        }
        Feed f = Feed.parse(("<rss><channel>" + items + "</channel></rss>").getBytes(StandardCharsets.UTF_8), null, "f");
        assertEquals(1, f.episodes().size());
        assertEquals("Take 0", f.episodes().get(0).title(), "the first item, as the feed lists it");
    }

    static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }
}

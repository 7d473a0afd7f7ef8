package org.longscribe.fetch;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.longscribe.error.UndecodableInputException;
import org.longscribe.store.FileNames;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * A podcast feed: RSS 2.0 ({@code <rss><channel><item>} with {@code <enclosure>}) or Atom
 * ({@code <feed><entry>} with {@code <link rel="enclosure">}). Feeds are other people's input: the
 * XML parser refuses DOCTYPEs, so no external entity or DTD is ever read (an XXE feed is "not a
 * feed"), and an enclosure is taken only when it is http(s).
 */
public record Feed(String title, List<Episode> episodes) {
    /**
     * One item of the feed with an audio or video enclosure.
     *
     * @param guid      the item's GUID (RSS) or id (Atom); the enclosure URL when it has none
     * @param published publication time, or null when missing or unreadable
     * @param length    the enclosure's length in bytes as the feed says, or -1
     */
    public record Episode(String guid, String title, Instant published, String link, String url, long length, String type) {
        /**
         * A file name for this episode's transcripts: the date, the title made safe (see
         * {@link FileNames#safe}: no path separators or controls, cut at a grapheme boundary to 80
         * characters and to what fits the file system), and a short hash of the GUID, so names are
         * stable from run to run and two episodes never share one.
         */
        public String fileName() {
            String date = published == null ? "undated" : DateTimeFormatter.ISO_LOCAL_DATE.format(published.atOffset(java.time.ZoneOffset.UTC));
            String tag = " [" + FileNames.shortHash(guid) + "]";
            String safe = FileNames.safe(title, 80, FileNames.STEM_BYTES - date.length() - 1 - tag.length());
            return date + " " + (safe.isEmpty() ? "episode" : safe) + tag;
        }
    }

    /** The most a feed may be, in bytes (also once gunzipped): the largest podcast feeds are a few MB. */
    public static final int MAX_BYTES = 64 * 1024 * 1024;
    /** Deeper than this is not a feed (RSS needs 4 levels; a deep one is an attack on the parser's stack). */
    static final int MAX_DEPTH = 200;

    /**
     * Parses a feed as published: {@code bytes} as read from a file or a server, gzip-compressed or
     * not; its encoding from a byte-order mark, else {@code charset} (a server's Content-Type
     * parameter; null for a file), else the XML declaration, else UTF-8. {@code what} names it in errors.
     */
    public static Feed parse(byte[] bytes, String charset, String what) throws UndecodableInputException {
        byte[] xml = gunzipped(bytes, what);
        InputSource source = new InputSource(new java.io.ByteArrayInputStream(xml));
        if (charset != null && !hasByteOrderMark(xml)) {
            try {
                source.setEncoding(java.nio.charset.Charset.forName(charset).name());
            } catch (IllegalArgumentException e) {
                throw new UndecodableInputException(null, what + ": not a feed (the server names an unknown charset '" + charset + "')");
            }
        }
        return parse(source, what);
    }

    /** Parses {@code xml}, text already; {@code what} names it in errors. */
    public static Feed parse(String xml, String what) throws UndecodableInputException {
        return parse(new InputSource(new StringReader(xml)), what);
    }

    private static byte[] gunzipped(byte[] bytes, String what) throws UndecodableInputException {
        if (bytes.length < 2 || (bytes[0] & 0xff) != 0x1f || (bytes[1] & 0xff) != 0x8b) {
            return bytes;
        }
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            byte[] out = in.readNBytes(MAX_BYTES + 1);
            if (out.length > MAX_BYTES) {
                throw new UndecodableInputException(null, what + ": not a feed (larger than 64 MB once uncompressed)");
            }
            return out;
        } catch (IOException e) {
            throw new UndecodableInputException(null, what + ": not a feed (damaged gzip: " + oneLine(e.getMessage()) + ")");
        }
    }

    private static boolean hasByteOrderMark(byte[] b) {
        return b.length >= 2 && ((b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff || (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe)
                || b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf;
    }

    private static Feed parse(InputSource xml, String what) throws UndecodableInputException {
        Document doc;
        try {
            doc = safeBuilder().parse(xml);
        } catch (StackOverflowError e) {
            throw new UndecodableInputException(null, what + ": not a feed (nested too deeply)");
        } catch (SAXException | IOException e) {
            String m = oneLine(e.getMessage());
            throw new UndecodableInputException(null, what + ": not a feed (" + (m.contains("DOCTYPE")
                    ? "it declares a DOCTYPE, which is refused: its entities could read local files" : m) + ")");
        }
        Element root = doc.getDocumentElement();
        String name = local(root);
        List<Episode> episodes = new ArrayList<>();
        if (name.equals("rss")) {
            Element channel = child(root, "channel");
            if (channel == null) {
                throw new UndecodableInputException(null, what + ": not a feed (an <rss> without <channel>)");
            }
            for (Element item : children(channel, "item")) {
                Element enclosure = child(item, "enclosure");
                if (enclosure == null) {
                    continue;
                }
                add(episodes, text(item, "guid"), text(item, "title"), date(text(item, "pubDate")), text(item, "link"),
                        enclosure.getAttribute("url"), enclosure.getAttribute("length"), enclosure.getAttribute("type"));
            }
            return new Feed(text(channel, "title"), episodes);
        }
        if (name.equals("feed")) {
            for (Element entry : children(root, "entry")) {
                String link = null;
                Element enclosure = null;
                for (Element l : children(entry, "link")) {
                    String rel = l.getAttribute("rel");
                    if (rel.equals("enclosure") && enclosure == null) {
                        enclosure = l;
                    } else if ((rel.isEmpty() || rel.equals("alternate")) && link == null) {
                        link = l.getAttribute("href");
                    }
                }
                if (enclosure == null) {
                    continue;
                }
                String published = text(entry, "published");
                add(episodes, text(entry, "id"), text(entry, "title"), date(published != null ? published : text(entry, "updated")),
                        link, enclosure.getAttribute("href"), enclosure.getAttribute("length"), enclosure.getAttribute("type"));
            }
            return new Feed(text(root, "title"), episodes);
        }
        throw new UndecodableInputException(null, what + ": not a feed (the document is <" + name + ">, not RSS or Atom)");
    }

    private static void add(List<Episode> to, String guid, String title, Instant published, String link, String url,
                            String length, String type) {
        if (url == null || url.isBlank() || !Downloader.isHttp(url.strip())) {
            return; // only http(s) enclosures: no file:, ftp: or javascript: from a feed
        }
        String t = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
        if (!t.isEmpty() && !t.startsWith("audio/") && !t.startsWith("video/") && !t.equals("application/octet-stream")) {
            return; // a PDF of show notes, say
        }
        long bytes;
        try {
            bytes = length == null || length.isBlank() ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            bytes = -1;
        }
        String id = guid == null || guid.isBlank() ? url.strip() : guid.strip();
        if (to.stream().anyMatch(e -> e.guid().equals(id))) {
            return; // one GUID is one episode: the first item with it (feeds list newest first)
        }
        to.add(new Episode(id, title, published, link, url.strip(), bytes, t.isEmpty() ? null : t));
    }

    /** A parser that reads no DTD and no external entity, and refuses any DOCTYPE. */
    static DocumentBuilder safeBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            // Limits of the JDK's parser: depth (a feed 20,000 elements deep would overflow the stack
            // of whatever walks it), and entities (none can be declared, but the limit stays set).
            f.setAttribute("jdk.xml.maxElementDepth", String.valueOf(MAX_DEPTH));
            f.setAttribute("jdk.xml.entityExpansionLimit", "1000");
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be made safe", e);
        }
    }

    /** RFC 822 (RSS: "Tue, 10 Jun 2003 04:00:00 GMT") or ISO 8601 (Atom); null when neither. */
    public static Instant date(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            // next
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            // next
        }
        try {
            // RFC 822 with a zone name RFC 1123 parsing does not know (EST, PDT, ...) or a 2-digit day.
            return ZonedDateTime.parse(v, DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm[:ss] zzz", Locale.ENGLISH)).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String local(Node n) {
        return n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && local(e).equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element child(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? null : c.get(0);
    }

    private static String text(Element parent, String name) {
        Element c = child(parent, name);
        if (c == null) {
            return null;
        }
        String t = c.getTextContent();
        return t == null ? null : t.strip();
    }

    private static String oneLine(String s) {
        return s == null ? "unreadable XML" : s.replaceAll("\\s+", " ").strip();
    }
}

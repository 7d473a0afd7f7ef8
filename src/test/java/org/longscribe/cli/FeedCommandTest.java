package org.longscribe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;
import org.longscribe.error.ExitCode;

/**
 * The feed command against a loopback server started here (nothing leaves 127.0.0.1): a feed whose
 * enclosures are test-data recordings, a 404, a file that is not audio, hostile titles; first run,
 * rerun, a new episode; an XXE feed; and transcribe from standard input and from a URL.
 */
@Tag("slow")
class FeedCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    HttpServer server;
    String base;
    final Map<String, AtomicInteger> gets = new ConcurrentHashMap<>();
    volatile String feed;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        if (x.getRequestMethod().equals("GET")) {
            gets.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        }
        byte[] body = switch (path) {
            case "/feed.xml" -> feed.getBytes(StandardCharsets.UTF_8);
            case "/lecture.mp3" -> Files.readAllBytes(TestAudio.testData("lecture.mp3"));
            case "/weather.ogg" -> Files.readAllBytes(TestAudio.testData("weather.ogg"));
            case "/talk/weather.flac" -> Files.readAllBytes(TestAudio.testData("weather.flac"));
            case "/notes.mp3" -> "these are the show notes, not audio".getBytes(StandardCharsets.UTF_8);
            case "/secret" -> "the secret".getBytes(StandardCharsets.UTF_8);
            default -> null;
        };
        if (body == null) {
            x.sendResponseHeaders(404, -1);
        } else {
            x.getResponseHeaders().set("ETag", "\"" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "\"");
            if (x.getRequestMethod().equals("HEAD")) {
                boolean same = x.getRequestHeaders().getFirst("If-None-Match") != null
                        && x.getRequestHeaders().getFirst("If-None-Match").equals(x.getResponseHeaders().getFirst("ETag"));
                x.sendResponseHeaders(same ? 304 : 200, -1);
            } else {
                x.sendResponseHeaders(200, body.length);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(body);
                }
            }
        }
        x.close();
    }

    private String item(String title, String date, String guid, String path, String length) {
        return "<item><title>" + title + "</title><pubDate>" + date + "</pubDate><guid>" + guid + "</guid>"
                + "<link>https://example.org/" + guid + "</link><enclosure url=\"" + base + path + "\" type=\"audio/mpeg\""
                + (length == null ? "" : " length=\"" + length + "\"") + "/></item>\n";
    }

    private String rss(String items) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Test show</title>\n" + items
                + "</channel></rss>\n";
    }

    private static Map<String, JsonNode> index(Path out) throws IOException {
        Map<String, JsonNode> rows = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(out.resolve("episodes.jsonl"))) {
            JsonNode row = JSON.readTree(line);
            rows.put(row.get("guid").asText(), row);
        }
        return rows;
    }

    private static List<Path> files(Path out) throws IOException {
        try (Stream<Path> s = Files.walk(out)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void transcribesEachEpisodeOnceKeepsGoingPastBrokenOnesAndIndexesThem() throws Exception {
        long lectureBytes = Files.size(TestAudio.testData("lecture.mp3"));
        String items = item("Lecture one: rivers &amp; stones", "Tue, 10 Nov 2026 04:00:00 GMT", "ep-1", "/lecture.mp3",
                Long.toString(lectureBytes))
                + item("../../etc/passwd", "Wed, 11 Nov 2026 04:00:00 GMT", "ep-2", "/weather.ogg", null)
                + item("Gone&#9;&lt;b&gt;missing&lt;/b&gt;" + " and on".repeat(40), "Thu, 12 Nov 2026 04:00:00 GMT", "ep-3", "/missing.mp3", null)
                + item("Show notes", "Fri, 13 Nov 2026 04:00:00 GMT", "ep-4", "/notes.mp3", null)
                + "<item><title>A PDF</title><guid>ep-5</guid><enclosure url=\"" + base + "/notes.pdf\" type=\"application/pdf\"/></item>\n"
                + "<item><title>Local</title><guid>ep-6</guid><enclosure url=\"file:///etc/passwd\" type=\"audio/mpeg\"/></item>\n";
        feed = rss(items);
        Path out = dir.resolve("out");
        TranscribeCommandTest.Result first = TranscribeCommandTest.run("feed", base + "/feed.xml", "-d", out.toString(),
                "--format", "json,srt", "--work-dir", dir.toString());
        assertEquals(ExitCode.SOME_FAILED, first.code(), first.err());
        assertTrue(first.err().contains("2 transcribed, 0 up to date, 2 failed"), first.err());
        assertTrue(first.err().contains("/missing.mp3: the server answered HTTP 404"), first.err());
        assertTrue(first.err().contains("/notes.mp3: not a recording FFmpeg can open"), first.err());
        assertFalse(first.err().contains("\tat "), "no stack trace");

        Map<String, JsonNode> rows = index(out);
        assertEquals(List.of("ep-4", "ep-3", "ep-2", "ep-1"), List.copyOf(rows.keySet()), "newest first; no PDF, no file: URL");
        assertEquals("ok", rows.get("ep-1").path("status").asText());
        assertEquals("failed", rows.get("ep-3").path("status").asText());
        assertTrue(rows.get("ep-3").path("transcript").isNull());
        JsonNode lecture = JSON.readTree(out.resolve(rows.get("ep-1").path("transcript").asText()).toFile());
        assertEquals("2026-11-10 Lecture one rivers & stones [" + rows.get("ep-1").path("transcript").asText().replaceAll(".*\\[(\\w+)\\].*", "$1")
                + "].json", rows.get("ep-1").path("transcript").asText());
        JsonNode source = lecture.path("source");
        assertEquals(base + "/lecture.mp3", source.path("path").asText());
        assertEquals(lectureBytes, source.path("size").asLong());
        assertEquals("Lecture one: rivers & stones", source.path("episode").path("title").asText());
        assertEquals("2026-11-10T04:00:00Z", source.path("episode").path("published").asText());
        assertEquals("ep-1", source.path("episode").path("guid").asText());
        assertEquals("https://example.org/ep-1", source.path("episode").path("link").asText());
        assertEquals(base + "/feed.xml", source.path("episode").path("feed").asText());
        assertTrue(TranscribeCommandTest.validate(lecture).isEmpty(), TranscribeCommandTest.validate(lecture).toString());
        assertTrue(lecture.path("text").asText().contains("good morning"), lecture.path("text").asText());
        // Hostile titles: names stay inside OUT_DIR, without separators or control characters.
        for (Path f : files(out)) {
            assertEquals(out, f.getParent(), "inside OUT_DIR: " + f);
            assertFalse(f.getFileName().toString().chars().anyMatch(c -> c < 0x20), f.toString());
            assertTrue(f.getFileName().toString().length() < 120, "length-limited: " + f.getFileName());
        }
        assertTrue(Files.exists(out.resolve(rows.get("ep-2").path("transcript").asText())));
        assertTrue(rows.get("ep-2").path("transcript").asText().startsWith("2026-11-11 etc passwd ["));
        assertEquals(1, gets.get("/lecture.mp3").get());
        assertFalse(gets.containsKey("/notes.pdf"));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("out"), s.map(p -> p.getFileName().toString()).sorted().toList(), "downloads removed");
        }

        // Rerun: nothing downloaded again but what failed; transcripts untouched.
        Map<Path, FileTime> times = new java.util.HashMap<>();
        for (Path f : files(out)) {
            times.put(f, Files.getLastModifiedTime(f));
        }
        TranscribeCommandTest.Result again = TranscribeCommandTest.run("feed", base + "/feed.xml", "-d", out.toString(),
                "--format", "json,srt", "--work-dir", dir.toString(), "-q");
        assertEquals(ExitCode.SOME_FAILED, again.code(), again.err());
        assertEquals(1, gets.get("/lecture.mp3").get(), "the feed's length says it is unchanged: no request");
        assertEquals(1, gets.get("/weather.ogg").get(), "no length in the feed: a HEAD with the ETag, answered 304");
        assertEquals(2, gets.get("/missing.mp3").get(), "failed ones are tried again");
        for (Path f : files(out)) {
            if (f.getFileName().toString().endsWith(".json") || f.getFileName().toString().endsWith(".srt")) {
                assertEquals(times.get(f), Files.getLastModifiedTime(f), f.toString());
            }
        }

        // A new episode: only it is transcribed.
        feed = rss(item("New one", "Sat, 14 Nov 2026 04:00:00 GMT", "ep-7", "/talk/weather.flac", null) + items);
        TranscribeCommandTest.Result third = TranscribeCommandTest.run("feed", base + "/feed.xml", "-d", out.toString(),
                "--work-dir", dir.toString());
        assertEquals(ExitCode.SOME_FAILED, third.code());
        assertTrue(third.err().contains("1 transcribed, 2 up to date, 2 failed"), third.err());
        assertEquals("ep-7", index(out).keySet().iterator().next());
        assertEquals(1, gets.get("/lecture.mp3").get());

        // --limit 1: only the newest is looked at.
        TranscribeCommandTest.Result limited = TranscribeCommandTest.run("feed", base + "/feed.xml", "-d", out.toString(),
                "--work-dir", dir.toString(), "--limit", "1");
        assertEquals(0, limited.code(), limited.err());
        assertTrue(limited.err().contains("1 episodes: 0 transcribed, 1 up to date, 0 failed"), limited.err());
        assertEquals(5, index(out).size(), "rows of episodes not looked at stay");

        // --since: only episodes published on or after the date.
        TranscribeCommandTest.Result recent = TranscribeCommandTest.run("feed", base + "/feed.xml", "-d", out.toString(),
                "--work-dir", dir.toString(), "--since", "2026-11-14");
        assertEquals(0, recent.code(), recent.err());
        assertTrue(recent.err().contains("1 episodes: 0 transcribed, 1 up to date"), recent.err());
    }

    @Test
    void anEpisodeStoppedPartWayResumesWithoutDownloadingAgain() throws Exception {
        feed = rss(item("Long one", "Tue, 10 Nov 2026 04:00:00 GMT", "ep-1", "/lecture.mp3",
                Long.toString(Files.size(TestAudio.testData("lecture.mp3")))));
        Path out = dir.resolve("out");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlongscribe.models.dir=" + System.getProperty("longscribe.models.dir"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "feed", base + "/feed.xml", "-d", out.toString(), "--threads", "1", "--work-dir", dir.toString(), "-q",
                // --fast: its journal resumes slice by slice; this 37-second episode is one block of the default.
                "--fast"));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        Path journal = null;
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline && child.isAlive()) {
            try (Stream<Path> s = Files.exists(out) ? Files.list(out) : Stream.empty()) {
                journal = s.filter(p -> p.toString().endsWith(".longscribe-journal")).findFirst().orElse(null);
            }
            if (journal != null && Files.readAllLines(journal).size() >= 4) {
                break;
            }
            Thread.sleep(20);
        }
        assertTrue(child.isAlive(), "still transcribing: " + Files.readString(dir.resolve("child.log")));
        child.destroyForcibly(); // SIGKILL, as a reboot would
        child.waitFor();
        assertTrue(Files.isDirectory(out.resolve(".longscribe-downloads")), "the download waits for the next run");
        assertEquals(1, gets.get("/lecture.mp3").get());

        TranscribeCommandTest.Result again = TranscribeCommandTest.run("feed", base + "/feed.xml", "-d", out.toString(),
                "--work-dir", dir.toString(), "--fast");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("not downloaded again"), again.err());
        assertEquals(1, gets.get("/lecture.mp3").get(), "no second download");
        JsonNode t = JSON.readTree(out.resolve(index(out).get("ep-1").path("transcript").asText()).toFile());
        assertTrue(t.path("timings").path("slices_resumed").asInt() >= 3, t.path("timings").toString());
        assertFalse(Files.exists(out.resolve(".longscribe-downloads")), "removed once transcribed");
        assertFalse(Files.exists(journal));
    }

    /**
     * A nightly feed with html: OUT_DIR/index.html lists the episodes by their feed titles (escaped),
     * newest first, with the enclosure as media, and stays whole when the run is killed between
     * episodes; the next run lists both and search finds their words.
     */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void keepsAListingOfTheEpisodesWholeWhenKilledBetweenThem() throws Exception {
        feed = rss(item("Rivers &lt;script&gt;alert(1)&lt;/script&gt;", "Tue, 10 Nov 2026 04:00:00 GMT", "ep-1", "/lecture.mp3", null)
                + item("Weather, Thursday", "Thu, 12 Nov 2026 04:00:00 GMT", "ep-2", "/weather.ogg", null));
        Path out = dir.resolve("out");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlongscribe.models.dir=" + System.getProperty("longscribe.models.dir"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "feed", base + "/feed.xml", "-d", out.toString(), "--format", "json,html", "--work-dir", dir.toString(), "-q"));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        Path page = out.resolve(org.longscribe.archive.Archive.PAGE);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline && child.isAlive() && !(Files.exists(page) && Files.readString(page).contains("Weather, Thursday"))) {
            Thread.sleep(10);
        }
        assertTrue(child.isAlive(), "killed between the episodes: " + Files.readString(dir.resolve("child.log")));
        child.destroyForcibly();
        child.waitFor();
        org.longscribe.archive.ArchiveChecks.assertWhole(out);
        assertFalse(Files.readString(page).contains("Rivers"), "the second episode was not finished");

        TranscribeCommandTest.Result again = TranscribeCommandTest.run("feed", base + "/feed.xml", "-d", out.toString(),
                "--format", "json,html", "--work-dir", dir.toString(), "-q");
        assertEquals(0, again.code(), again.err());
        org.longscribe.archive.ArchiveChecks.assertWhole(out);
        String html = Files.readString(page);
        assertFalse(html.contains("<script>alert"), "a title is text");
        assertTrue(html.contains("Rivers &lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertTrue(html.indexOf("Weather, Thursday") < html.indexOf("Rivers"), "newest first");
        assertTrue(html.contains("<td class=\"date\">2026-11-12</td>"), "the feed's date");
        assertTrue(html.contains("href=\"" + base + "/weather.ogg\">media</a>"), "the enclosure is the media");
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("search", out.toString(), "chance of rain");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\t0:00:0"), r.out());
    }

    @Test
    void readsAnAtomFeed() throws Exception {
        feed = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Atom show</title>"
                + "<entry><title>Forecast</title><id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>"
                + "<published>2026-11-09T08:30:00+01:00</published><updated>2026-11-10T00:00:00Z</updated>"
                + "<link rel=\"alternate\" href=\"https://example.org/forecast\"/>"
                + "<link rel=\"enclosure\" type=\"audio/ogg\" length=\"" + Files.size(TestAudio.testData("weather.ogg"))
                + "\" href=\"" + base + "/weather.ogg\"/></entry>"
                + "<entry><title>No enclosure</title><id>urn:x</id><link href=\"https://example.org/post\"/></entry></feed>";
        Path out = dir.resolve("atom");
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("feed", base + "/feed.xml", "-d", out.toString(),
                "--work-dir", dir.toString(), "--format", "json,html");
        assertEquals(0, r.code(), r.err());
        Map<String, JsonNode> rows = index(out);
        assertEquals(List.of("urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"), List.copyOf(rows.keySet()));
        JsonNode row = rows.values().iterator().next();
        assertEquals("2026-11-09T07:30:00Z", row.path("published").asText());
        JsonNode t = JSON.readTree(out.resolve(row.path("transcript").asText()).toFile());
        assertEquals("https://example.org/forecast", t.path("source").path("episode").path("link").asText());
        assertTrue(t.path("text").asText().contains("weather"), t.path("text").asText());
        String page = Files.readString(out.resolve(row.path("transcript").asText().replace(".json", ".html")));
        assertTrue(page.contains("src=\"" + base + "/weather.ogg\""), "the page plays the enclosure");
    }

    @Test
    void anotherRunHoldingOutDirMeans75AndNothingDone() throws Exception {
        feed = rss(item("x", "Tue, 10 Nov 2026 04:00:00 GMT", "x", "/lecture.mp3", null));
        Path out = Files.createDirectories(dir.resolve("out"));
        try (org.longscribe.batch.BatchLock held = org.longscribe.batch.BatchLock.tryAcquire(out).orElseThrow()) {
            TranscribeCommandTest.Result r = TranscribeCommandTest.run("feed", base + "/feed.xml", "-d", out.toString());
            assertEquals(ExitCode.TEMP_FAIL, r.code(), r.err());
            assertTrue(r.err().contains("another longscribe run"), r.err());
        }
        assertFalse(gets.containsKey("/lecture.mp3"));
        assertFalse(Files.exists(out.resolve("episodes.jsonl")));
    }

    @Test
    void anXxeFeedIsNotAFeedAndReadsNothing() throws Exception {
        feed = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY file SYSTEM \"file:///etc/passwd\"><!ENTITY remote SYSTEM \""
                + base + "/secret\">]>\n<rss version=\"2.0\"><channel><title>&file;&remote;</title>"
                + item("&file;", "Tue, 10 Nov 2026 04:00:00 GMT", "x", "/lecture.mp3", null) + "</channel></rss>";
        Path out = dir.resolve("out");
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("feed", base + "/feed.xml", "-d", out.toString());
        TranscribeCommandTest.assertOneLineError(r, ExitCode.DATA_ERROR, "/feed.xml: not a feed", "DOCTYPE");
        assertFalse(r.err().contains("root:"), r.err());
        assertFalse(gets.containsKey("/secret"), "no external entity fetched");
        assertFalse(gets.containsKey("/lecture.mp3"));
        assertFalse(Files.exists(out.resolve("episodes.jsonl")));
    }

    @Test
    void anUnreachableFeedOrANonFeedSaysSoInOneLine() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        TranscribeCommandTest.assertOneLineError(TranscribeCommandTest.run("feed", "http://127.0.0.1:" + closed + "/feed.xml",
                "-d", dir.resolve("o").toString()), ExitCode.UNAVAILABLE, "cannot be fetched");
        TranscribeCommandTest.assertOneLineError(TranscribeCommandTest.run("feed", base + "/nothing.xml",
                "-d", dir.resolve("o").toString()), ExitCode.UNAVAILABLE, "HTTP 404");
        Path html = Files.writeString(dir.resolve("page.xml"), "<html><body>hello</body></html>");
        TranscribeCommandTest.assertOneLineError(TranscribeCommandTest.run("feed", html.toString(), "-d", dir.resolve("o").toString()),
                ExitCode.DATA_ERROR, "not a feed", "<html>");
        feed = rss(item("x", "Tue, 10 Nov 2026 04:00:00 GMT", "x", "/lecture.mp3", null));
        TranscribeCommandTest.Result usage = TranscribeCommandTest.run("feed", base + "/feed.xml", "-d", dir.toString(), "--limit", "0");
        assertEquals(ExitCode.USAGE, usage.code());
        assertTrue(usage.err().startsWith("longscribe: --limit must be at least 1, not 0"), usage.err());
    }

    @Test
    void aRecordingFromAUrlIsTheSameTranscriptAsFromTheFile() throws Exception {
        Path fromFile = dir.resolve("file.json");
        Path fromUrl = dir.resolve("url.json");
        assertEquals(0, TranscribeCommandTest.run("transcribe", TestAudio.testData("lecture.mp3").toString(), "-o",
                fromFile.toString(), "-q").code());
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("transcribe", base + "/lecture.mp3", "-o", fromUrl.toString(),
                "-q", "--work-dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode a = JSON.readTree(fromFile.toFile());
        JsonNode b = JSON.readTree(fromUrl.toFile());
        assertEquals(a.path("segments"), b.path("segments"));
        assertEquals(base + "/lecture.mp3", b.path("source").path("path").asText());
        assertFalse(Files.exists(dir.resolve("url.json.longscribe-journal")));
        TranscribeCommandTest.assertOneLineError(TranscribeCommandTest.run("transcribe", base + "/missing.mp3", "-o",
                dir.resolve("m.json").toString(), "-q"), ExitCode.UNAVAILABLE, base + "/missing.mp3: the server answered HTTP 404");
        TranscribeCommandTest.assertOneLineError(TranscribeCommandTest.run("transcribe", base + "/notes.mp3",
                "--work-dir", dir.toString(), "-q"), ExitCode.DATA_ERROR, base + "/notes.mp3: not a recording");
        assertFalse(Files.exists(dir.resolve("m.json")));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("file.json", "url.json"), s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "downloads removed");
        }
    }

    @Test
    void standardInputIsDecodedAsItArrivesAndGivesTheFilesTranscript() throws Exception {
        Path fromFile = dir.resolve("file.json");
        assertEquals(0, TranscribeCommandTest.run("transcribe", TestAudio.testData("lecture.mp3").toString(), "-o",
                fromFile.toString(), "-q").code());
        Path fromPipe = dir.resolve("pipe.json");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlongscribe.models.dir=" + System.getProperty("longscribe.models.dir"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "transcribe", "-", "-o", fromPipe.toString(), "-q"));
        Process p = new ProcessBuilder(cmd).redirectInput(TestAudio.testData("lecture.mp3").toFile())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
        JsonNode a = JSON.readTree(fromFile.toFile());
        JsonNode b = JSON.readTree(fromPipe.toFile());
        assertEquals(a.path("segments"), b.path("segments"));
        assertEquals("-", b.path("source").path("path").asText());
        assertEquals("mp3", b.path("source").path("container").asText());
        // An mp4 with its index at the end cannot stream: one line that says what to do.
        Process m4a = new ProcessBuilder(cmd.subList(0, cmd.size() - 3)).redirectInput(TestAudio.testData("weather.m4a").toFile())
                .redirectErrorStream(true).start();
        String err = new String(m4a.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(ExitCode.DATA_ERROR, m4a.waitFor(), err);
        assertTrue(err.contains("standard input: no audio could be read from the pipe") && err.contains("pass the file itself"), err);
    }
}

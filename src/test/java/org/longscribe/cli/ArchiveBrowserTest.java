package org.longscribe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;
import org.longscribe.archive.Archive;
import org.longscribe.archive.ArchiveChecks;

/**
 * The archive page (OUT_DIR/index.html, written by batch) in a real Chromium, from file:// and
 * from a static web server (src/test/js/archive-check.mjs): the listing, search hits equal to what
 * the JSON transcripts say, a click on a hit opening its recording's page there and playing, a
 * hostile name kept as text.
 */
@Tag("slow")
class ArchiveBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOSTILE = "\"><img src=x onerror=alert(1)>.ogg";

    @TempDir
    Path dir;

    @BeforeAll
    static void browserInstalled() {
        ReaderBrowserTest.browserInstalled();
    }

    static JsonNode check(Path out, Path screenshot, List<String> queries, String... mode) throws Exception {
        List<String> args = new ArrayList<>(List.of(out.toString(), screenshot.toString()));
        args.addAll(List.of(mode));
        return ReaderBrowserTest.runScript("archive-check.mjs", java.util.Map.of("QUERIES", JSON.writeValueAsString(queries)), args);
    }

    @Test
    void theListingAndItsSearchShowWhatTheTranscriptsSayAndAHitPlaysThere() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in/week 1"));
        Files.copy(TestAudio.testData("lecture.mp3"), dir.resolve("in/lecture.mp3"));
        Files.copy(TestAudio.testData("interview.mp3"), dir.resolve("in/interview.mp3"));
        Files.copy(TestAudio.testData("weather.ogg"), in.resolve(HOSTILE));
        Path out = dir.resolve("site");
        List<String> args = new ArrayList<>(List.of("batch", dir.resolve("in").toString(), "-d", out.toString(), "--format", "json,html",
                "--work-dir", dir.toString(), "-q"));
        boolean speakers = Files.isDirectory(Path.of(System.getProperty("longscribe.models.dir", "models"), "vosk-model-spk-0.4"));
        if (speakers) {
            args.add("--speakers");
        }
        TranscribeCommandTest.Result r = TranscribeCommandTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        List<String> queries = List.of("rain in the", "mister john dash", "the", "Remote,");
        Path screenshot = Path.of("cli/target/archive-search.png");
        JsonNode seen = check(out, screenshot, queries);

        assertEquals(0, seen.path("errors").size(), seen.path("errors").toString());
        assertTrue(seen.path("file").path("trouble").isNull(), "search works from file://: " + seen.path("file").path("trouble"));
        for (String where : List.of("file", "http")) {
            JsonNode listing = seen.path(where).path("listing");
            assertEquals(3, listing.size(), listing.toString());
            List<String> titles = new ArrayList<>();
            listing.forEach(row -> titles.add(row.path("title").asText()));
            assertTrue(titles.containsAll(List.of("lecture.mp3", "interview.mp3", HOSTILE)), titles.toString());
            for (JsonNode row : listing) {
                JsonNode t = JSON.readTree(out.resolve(row.path("page").asText().replace(".html", ".json")
                        .replace("%20", " ").replace("%22", "\"").replace("%3E", ">").replace("%3C", "<").replace("%3D", "=")
                        .replace("%28", "(").replace("%29", ")")).toFile());
                int words = 0;
                for (JsonNode s : t.path("segments")) {
                    words += s.path("words").size();
                }
                assertEquals(String.format("%,d", words), row.path("words").asText(), row.toString());
                assertEquals(speakers ? Integer.toString(t.path("speakers").size()) : "", row.path("speakers").asText());
            }
            for (int i = 0; i < queries.size(); i++) {
                JsonNode search = seen.path(where).path("searches").get(i);
                List<String> want = new ArrayList<>();
                for (String place : ArchiveChecks.expected(out, queries.get(i))) {
                    String stem = place.substring(0, place.lastIndexOf('@'));
                    long ms = Long.parseLong(place.substring(place.lastIndexOf('@') + 1));
                    want.add(stem + ".html@" + Math.round(ms / 10.0));
                }
                List<String> got = new ArrayList<>();
                for (JsonNode h : search.path("hits")) {
                    String href = java.net.URLDecoder.decode(h.path("href").asText().replace("+", "%2B"), StandardCharsets.UTF_8);
                    got.add(href.substring(0, href.indexOf('#')) + "@" + Math.round(h.path("seconds").asDouble() * 100));
                    assertTrue(h.path("href").asText().endsWith("#t=" + h.path("seconds").asText().replaceAll("\\.0$", "") + "&play"),
                            h.toString());
                    if (speakers) {
                        assertTrue(h.path("speaker").asText().matches("S\\d+"), h.toString());
                    }
                }
                assertEquals(want, got, where + ": " + queries.get(i));
                assertTrue(search.path("status").asText().startsWith(want.isEmpty() ? "not found" : String.format("%,d place", want.size())),
                        search.toString());
            }
        }
        assertEquals(0, seen.path("file").path("markup").asInt(), "no markup from a name");
        assertTrue(seen.path("title").asText().startsWith("Transcripts"), seen.path("title").asText());
        // A click on the first hit of "rain in the": the recording's page, at that moment, playing.
        JsonNode click = seen.path("click");
        double at = click.path("seconds").asDouble();
        assertTrue(click.path("url").asText().contains("/site/week%201/"), click.toString());
        assertEquals("#t=" + click.path("seconds").asText().replaceAll("\\.0$", "") + "&play", click.path("hash").asText());
        assertFalse(click.path("paused").asBoolean(), click.toString());
        assertTrue(click.path("currentTime").asDouble() >= at - 0.05 && click.path("currentTime").asDouble() < at + 2, click.toString());
        // On a phone, no sideways scrolling; printed, no search box.
        assertTrue(seen.path("phone").path("overflow").asInt() <= 0, seen.path("phone").toString());
        assertEquals("none", seen.path("print").path("tools").asText());
        for (JsonNode url : seen.path("requests")) {
            assertTrue(url.asText().startsWith("file:") || url.asText().startsWith("http://127.0.0.1:"), "request to " + url);
        }
        assertTrue(Files.size(screenshot) > 10_000);
        assertTrue(Files.exists(out.resolve(Archive.DIR)));
    }
}

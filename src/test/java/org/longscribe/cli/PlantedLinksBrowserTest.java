package org.longscribe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;
import org.longscribe.archive.Archive;
import org.longscribe.archive.ArchiveChecks;
import org.longscribe.transcript.HtmlWriter;

/**
 * Transcripts planted in OUT_DIR with addresses that would run code if they became links
 * ({@code javascript:}, {@code data:}, mixed case, a leading blank, a protocol-relative host), in
 * a real Chromium: the archive page and its search hits link only http(s) and paths of ours, every
 * link clicked runs nothing, and neither the archive page nor the reader runs an inline script that
 * is not its own (their Content-Security-Policy names their script by its hash).
 */
@Tag("slow")
class PlantedLinksBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PLANTED = List.of("javascript://%0adocument.title='PLANTED'", "JaVaScRiPt:document.title='PLANTED'",
            " javascript:document.title='PLANTED'", "data:text/html,<script>document.title='PLANTED'</script>", "//evil.example/x.mp3",
            "vbscript:msgbox(1)");

    @TempDir
    Path dir;

    @BeforeAll
    static void browserInstalled() {
        ReaderBrowserTest.browserInstalled();
    }

    @Test
    void noPlantedAddressBecomesALinkOrRunsAScript() throws Exception {
        Path out = Files.createDirectories(dir.resolve("site"));
        ArchiveChecks.transcript(out.resolve("lecture.json"), out.resolve("lecture.mp3").toString(), "2026-11-01T08:00:00Z", 200, 1, false);
        for (int i = 0; i < PLANTED.size(); i++) {
            Path json = out.resolve("planted" + i + ".json");
            ArchiveChecks.transcript(json, "/srv/x.mp3", "2026-11-02T08:00:00Z", 200, 10 + i, false);
            ObjectNode t = (ObjectNode) JSON.readTree(json.toFile());
            ((ObjectNode) t.path("source")).put("path", PLANTED.get(i));
            ((ObjectNode) t.path("source")).putObject("episode").put("title", "<script>document.title='PLANTED'</script>")
                    .put("published", "2026-11-02T08:00:00Z");
            JSON.writeValue(json.toFile(), t);
        }
        assertEquals(PLANTED.size() + 1, new Archive(out).update(Map.of(), true, new Archive.Listener() { }).recordings());
        // A reader page too, of a real recording.
        Path recording = Files.copy(TestAudio.testData("weather.ogg"), dir.resolve("weather.ogg"));
        Path reader = dir.resolve("weather.html");
        assertEquals(0, TranscribeCommandTest.run("transcribe", recording.toString(), "-o", reader.toString(), "-q").code());

        JsonNode seen = ReaderBrowserTest.runScript("planted-check.mjs", Map.of("QUERY", ArchiveChecks.vocabulary().get(5)),
                List.of(out.resolve(Archive.PAGE).toString(), reader.toString()));
        assertEquals(2, seen.path("pages").size());
        for (JsonNode page : seen.path("pages")) {
            String where = page.path("file").asText();
            assertEquals(0, page.path("errors").size(), where + ": " + page.path("errors"));
            assertTrue(page.path("ownScriptRan").asBoolean(), where + ": the page's own script runs under its policy");
            assertFalse(page.path("injectedRan").asBoolean(), where + ": an inline script not its own ran");
            assertTrue(page.path("violations").toString().contains("script-src"), where + ": the injected script was refused "
                    + page.path("violations"));
            assertEquals(0, page.path("ran").size(), where + ": planted code ran from " + page.path("ran"));
            assertEquals(0, page.path("dialogs").asInt(), where);
            assertEquals(page.path("hrefs").size(), page.path("clicked").asInt(), where + ": every link clicked");
            for (JsonNode href : page.path("hrefs")) {
                assertTrue(HtmlWriter.isSafeHref(href.asText()), where + ": " + href);
                assertFalse(href.asText().toLowerCase().contains("script:") || href.asText().startsWith("data:")
                        || href.asText().startsWith("//"), where + ": " + href);
            }
        }
        JsonNode archive = seen.path("pages").get(0);
        assertTrue(archive.path("archive").asBoolean());
        assertTrue(archive.path("hits").asInt() > 0, "the search found the word in the transcripts: " + archive);
        // Listing: every recording's title links to its transcript, and the planted ones have no media link.
        assertEquals(PLANTED.size() + 1, countTitles(archive), archive.toString());
    }

    /** Links the listing gives titles (one a recording), for the count above. */
    private static int countTitles(JsonNode archive) {
        int n = 0;
        for (JsonNode href : archive.path("hrefs")) {
            if (href.asText().endsWith(".json")) {
                n++;
            }
        }
        return n;
    }
}

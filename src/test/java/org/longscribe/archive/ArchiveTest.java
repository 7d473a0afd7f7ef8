package org.longscribe.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;
import org.longscribe.asr.Word;
import org.longscribe.error.OutputNotWritableException;
import org.longscribe.transcript.OutputFormat;
import org.longscribe.transcript.Transcript;
import org.longscribe.transcript.TranscriptSegment;

/**
 * The archive's search data against the transcripts it is made from: every phrase found where the
 * JSON says it was said (and nowhere else), through segments added one night at a time, merged,
 * changed and removed; and what an update may touch.
 */
class ArchiveTest {

    @TempDir
    Path out;

    private static Archive.Update update(Path out) throws IOException {
        return new Archive(out).update(Map.of(), true, new Archive.Listener() { });
    }

    @Test
    void everyPhraseIsFoundWhereTheTranscriptsSayItThroughNightsOfUpdatesAndMerges() throws IOException {
        List<String> phrases = new ArrayList<>();
        Random random = new Random(7);
        List<String> vocabulary = ArchiveChecks.vocabulary();
        for (int night = 0; night < 8; night++) {
            for (int k = 0; k < 5; k++) {
                int n = night * 5 + k;
                ArchiveChecks.transcript(out.resolve((n % 3 == 0 ? "week " + n / 10 + "/" : "") + "talk" + n + ".json"), "/srv/rec/talk" + n + ".mp3",
                        String.format("2026-10-%02dT08:00:00Z", 1 + n % 28), 300 + random.nextInt(900), n, n % 2 == 0);
            }
            Archive.Update u = update(out);
            assertEquals(5, u.added());
            assertEquals((night + 1) * 5, u.recordings());
            assertTrue(u.segments() < Archive.MERGE_FACTOR, "merged: " + u.segments() + " segments after night " + night);
        }
        for (int i = 0; i < 30; i++) {
            int at = random.nextInt(vocabulary.size() - 4);
            int length = 1 + random.nextInt(3);
            String phrase = String.join(" ", vocabulary.subList(at, at + length));
            if (i % 3 == 0 && phrase.length() > 4) {
                phrase = phrase.substring(0, phrase.length() - 2); // the last word a prefix
            } else if (i % 3 == 1) {
                phrase = phrase + " "; // the last word whole
            }
            phrases.add(phrase);
        }
        phrases.addAll(List.of("The", "th", "a", "mister john dashwood", "rain in the", "CHANCE OF RAIN", "zebra"));
        int nonEmpty = 0;
        for (String p : phrases) {
            List<String> want = ArchiveChecks.expected(out, p);
            assertEquals(want, ArchiveChecks.searched(out, p), "phrase '" + p + "'");
            nonEmpty += want.isEmpty() ? 0 : 1;
        }
        assertTrue(nonEmpty > 25, nonEmpty + " phrases found");
        ArchiveChecks.assertWhole(out);
        // Segments merged away are gone one update later, with nothing left of them.
        Archive.Catalog c = new Archive(out).readCatalog().orElseThrow();
        update(out);
        try (Stream<Path> dirs = Files.list(out.resolve(Archive.DIR))) {
            List<String> names = dirs.map(d -> d.getFileName().toString()).filter(n -> n.matches("s\\d+")).sorted().toList();
            assertEquals(c.segments.stream().map(Archive.Segment::name).sorted().toList(), names);
        }
    }

    @Test
    void aChangedOrRemovedTranscriptIsSearchedAsItIsNow() throws IOException {
        for (int n = 0; n < 4; n++) {
            ArchiveChecks.transcript(out.resolve("t" + n + ".json"), "/srv/t" + n + ".mp3", "2026-11-0" + (n + 1) + "T00:00:00Z", 400, n, false);
        }
        update(out);
        String phrase = "chance of rain";
        assertEquals(ArchiveChecks.expected(out, phrase), ArchiveChecks.searched(out, phrase));
        ArchiveChecks.transcript(out.resolve("t1.json"), "/srv/t1.mp3", "2026-11-09T00:00:00Z", 400, 99, true);
        Files.delete(out.resolve("t2.json"));
        Archive.Update u = update(out);
        assertEquals(1, u.added());
        assertEquals(2, u.removed());
        assertEquals(3, u.recordings());
        for (String p : List.of(phrase, "the", "mister jo", "clubs nothing ")) {
            assertEquals(ArchiveChecks.expected(out, p), ArchiveChecks.searched(out, p), p);
        }
        String page = Files.readString(out.resolve(Archive.PAGE));
        assertFalse(page.contains("t2.mp3"), "the removed recording is not listed");
        assertTrue(page.indexOf("t1.mp3") < page.indexOf("t3.mp3"), "newest first");
    }

    @Test
    void aFolderWithoutTranscriptsGetsNothingAndAUsersIndexPageIsKept() throws IOException {
        Files.writeString(out.resolve("settings.json"), "{\"theme\": \"dark\"}");
        Archive.Update u = update(out);
        assertEquals(0, u.recordings());
        assertFalse(Files.exists(out.resolve(Archive.DIR)), "nothing created");
        assertFalse(Files.exists(out.resolve(Archive.PAGE)));
        Files.writeString(out.resolve(Archive.PAGE), "<html>my own page</html>");
        ArchiveChecks.transcript(out.resolve("a.json"), "/srv/a.mp3", "2026-11-01T00:00:00Z", 200, 1, false);
        List<String> notes = new ArrayList<>();
        u = new Archive(out).update(Map.of(), true, new Archive.Listener() {
            @Override
            public void note(String line) {
                notes.add(line);
            }
        });
        assertEquals(1, u.recordings());
        assertFalse(u.pageWritten());
        assertEquals("<html>my own page</html>", Files.readString(out.resolve(Archive.PAGE)));
        assertTrue(notes.stream().anyMatch(n -> n.contains("not a page of longscribe's")), notes.toString());
        assertEquals(ArchiveChecks.expected(out, "the"), ArchiveChecks.searched(out, "the"), "searchable all the same");
    }

    @Test
    void nothingBehindALinkIsListedWrittenOrRemoved() throws IOException {
        Path elsewhere = Files.createDirectories(out.resolve("../elsewhere-" + System.nanoTime()).normalize());
        Path precious = Files.writeString(elsewhere.resolve("catalog.json"), "precious");
        Path victim = Files.writeString(elsewhere.resolve("victim.txt"), "victim");
        ArchiveChecks.transcript(out.resolve("a.json"), "/srv/a.mp3", "2026-11-01T00:00:00Z", 200, 1, false);
        Files.createSymbolicLink(out.resolve(Archive.DIR), elsewhere);
        OutputNotWritableException e = assertThrows(OutputNotWritableException.class, () -> update(out));
        assertTrue(e.getMessage().contains("not a folder of longscribe's"), e.getMessage());
        assertEquals("precious", Files.readString(precious));
        Files.delete(out.resolve(Archive.DIR));

        update(out);
        Path docs = out.resolve(Archive.DIR).resolve(Archive.DOCS);
        Files.createSymbolicLink(docs.resolve("77.0.js"), victim); // named like a doc no catalog names
        Path orphan = Files.createDirectory(out.resolve(Archive.DIR).resolve("s999999"));
        Files.writeString(orphan.resolve("0.js"), "longscribeSearch([\"x\",{}]);\n");
        Files.writeString(orphan.resolve("notes.txt"), "someone's notes");
        Files.createSymbolicLink(out.resolve("linked.json"), out.resolve("a.json")); // a link is not a transcript of this folder
        Archive.Update u = update(out);
        assertEquals(1, u.recordings());
        assertFalse(Files.exists(docs.resolve("77.0.js"), java.nio.file.LinkOption.NOFOLLOW_LINKS), "the planted link removed as a link");
        assertEquals("victim", Files.readString(victim));
        assertFalse(Files.exists(orphan.resolve("0.js")), "a killed update's file removed");
        assertEquals("someone's notes", Files.readString(orphan.resolve("notes.txt")), "a file not of ours stays");
        Files.delete(precious);
        Files.delete(victim);
        Files.delete(elsewhere);
    }

    @Test
    void numbersSurviveTheirTextForm() {
        StringBuilder b = new StringBuilder();
        long[] values = {0, 1, 31, 32, 33, 1023, 1024, 123_456_789, Integer.MAX_VALUE, 36_000_000L * 10};
        for (long v : values) {
            Varints.append(b, v);
            Varints.appendSigned(b, -v);
        }
        Varints.Reader r = new Varints.Reader(b.toString());
        for (long v : values) {
            assertEquals(v, r.next());
            assertEquals(-v, r.nextSigned());
        }
        assertFalse(r.more());
        assertTrue(b.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_'), b.toString());
        assertEquals(List.of("don't", "cafe", "stop"), Arrays.stream(new String[] {"Don't", "CAFE,", "«stop»"}).map(Terms::of).toList());
        assertEquals(new Terms.Phrase(List.of("chance", "of", "ra"), true), Terms.phrase("Chance of ra"));
        assertEquals(new Terms.Phrase(List.of("chance", "of"), false), Terms.phrase("chance of "));
        assertEquals(new Terms.Phrase(List.of("a"), false), Terms.phrase("a"));
    }
}

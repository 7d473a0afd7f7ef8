package org.longscribe.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.longscribe.TestAudio;
import org.longscribe.asr.Word;
import org.longscribe.transcript.OutputFormat;
import org.longscribe.transcript.Transcript;
import org.longscribe.transcript.TranscriptSegment;

/** Transcripts to archive, what a search must find in them (by brute force over the JSON), and whether an archive is whole on disk. */
public final class ArchiveChecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ArchiveChecks() {
    }

    /** Real transcripts' words (test-data's reference texts), in a different order for each recording. */
    public static List<String> vocabulary() throws IOException {
        List<String> words = new ArrayList<>();
        for (String name : List.of("lecture.txt", "interview.txt", "panel.txt", "weather.txt")) {
            for (String w : Files.readString(TestAudio.testData(name)).toLowerCase().split("[^a-z']+")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
        }
        return words;
    }

    /** A transcript of {@code n} words at {@code json}: runs of the vocabulary from random places, 12 words a segment, two speakers. */
    public static void transcript(Path json, String source, String date, int n, long seed, boolean speakers) throws IOException {
        List<String> vocabulary = vocabulary();
        Random random = new Random(seed);
        List<TranscriptSegment> segments = new ArrayList<>();
        double t = 0.4;
        int from = random.nextInt(vocabulary.size());
        List<Word> words = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (random.nextInt(20) == 0) {
                from = random.nextInt(vocabulary.size()) - i;
            }
            String w = vocabulary.get(Math.floorMod(from + i, vocabulary.size()));
            words.add(new Word(random.nextInt(30) == 0 ? w.toUpperCase() + "," : w, t, t + 0.25, 0.9));
            t += 0.3 + random.nextInt(10) / 100.0;
            if (words.size() == 12 || i == n - 1) {
                String text = String.join(" ", words.stream().map(Word::word).toList());
                TranscriptSegment s = new TranscriptSegment(segments.size(), words.get(0).start(), words.get(words.size() - 1).end(), text,
                        words, List.of());
                segments.add(speakers ? s.withSpeaker(segments.size() % 3 == 2 ? "S2" : "S1") : s);
                words = new ArrayList<>();
                t += 0.8;
            }
        }
        Transcript.Source src = new Transcript.Source(source, 1000, date, "mp3", "mp3", 44100, 2);
        Transcript tr = new Transcript("", t, segments, src, new Transcript.ModelInfo("test", "test"), new Transcript.Timings(0, 0, 0, 1, 1, t, 0));
        Files.createDirectories(json.getParent());
        try (OutputStream o = Files.newOutputStream(json)) {
            OutputFormat.JSON.writer().write(tr, o);
        }
    }

    /** Where the phrase is said, by brute force over the JSON files: "stem@milliseconds", in the listing's order. */
    public static List<String> expected(Path out, String typed) throws IOException {
        Terms.Phrase p = Terms.phrase(typed);
        List<String[]> found = new ArrayList<>(); // date, stem, position, ms
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path f : walk.filter(f -> f.toString().endsWith(".json") && !f.toString().contains(Archive.DIR)).toList()) {
                JsonNode t = JSON.readTree(f.toFile());
                List<String> terms = new ArrayList<>();
                List<Long> starts = new ArrayList<>();
                t.path("segments").forEach(s -> s.path("words").forEach(w -> {
                    terms.add(Terms.of(w.path("word").asText()));
                    starts.add(Math.round(w.path("start").asDouble() * 1000));
                }));
                String stem = out.relativize(f).toString().replaceAll("\\.json$", "");
                for (int i = 0; i + p.terms().size() <= terms.size(); i++) {
                    boolean match = true;
                    for (int k = 0; k < p.terms().size() && match; k++) {
                        String want = p.terms().get(k);
                        String have = terms.get(i + k);
                        match = p.lastIsPrefix() && k == p.terms().size() - 1 ? have.startsWith(want) : have.equals(want);
                    }
                    if (match) {
                        String source = t.path("source").path("path").asText();
                        found.add(new String[] {t.path("source").path("modified").asText(), source.substring(source.lastIndexOf('/') + 1)
                                + "\u0000" + stem, String.format("%09d", i), Long.toString(starts.get(i)), stem});
                    }
                }
            }
        }
        found.sort((a, b) -> !a[0].equals(b[0]) ? b[0].compareTo(a[0]) : !a[1].equals(b[1]) ? a[1].compareTo(b[1]) : a[2].compareTo(b[2]));
        return found.stream().map(a -> a[4] + "@" + a[3]).toList(); // newest first, then by title and path
    }

    public static List<String> searched(Path out, String typed) throws IOException {
        ArchiveSearch.Result r = ArchiveSearch.open(out).orElseThrow().search(Terms.phrase(typed), Integer.MAX_VALUE);
        assertEquals(r.total(), r.hits().size());
        return r.hits().stream().map(h -> h.recording() + "@" + Math.round(h.seconds() * 1000)).toList();
    }

    /**
     * The archive as a reader would find it at this moment: the page (if any) complete, and every
     * file the manifest and the catalog name there.
     */
    public static void assertWhole(Path out) throws IOException {
        Path page = out.resolve(Archive.PAGE);
        if (Files.exists(page)) {
            assertTrue(Files.readString(page).endsWith("</html>\n"), "index.html is whole");
        }
        Path dir = out.resolve(Archive.DIR);
        if (!Files.exists(dir.resolve(Archive.MANIFEST))) {
            return;
        }
        JsonNode manifest = SearchFiles.read(dir.resolve(Archive.MANIFEST));
        for (JsonNode seg : manifest.path("segments")) {
            for (JsonNode shard : seg.path("shards")) {
                Path f = dir.resolve(seg.path("name").asText()).resolve(shard.get(1).asText() + ".js");
                assertTrue(Files.isRegularFile(f), "the manifest names " + f);
                SearchFiles.read(f);
            }
        }
        Archive.Catalog c = new Archive(out).readCatalog().orElseThrow();
        for (Archive.Entry e : c.entries) {
            assertTrue(DocFiles.exists(dir.resolve(Archive.DOCS), e.id(), 0), "the words of " + e.json());
        }
        assertEquals(c.entries.size(), manifest.path("order").size());
    }
}

package org.longscribe.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.longscribe.archive.Archive;
import org.longscribe.archive.ArchiveSearch;
import org.longscribe.archive.Terms;
import org.longscribe.asr.Word;
import org.longscribe.store.AtomicOutput;
import org.longscribe.transcript.OutputFormat;
import org.longscribe.transcript.Transcript;
import org.longscribe.transcript.TranscriptSegment;

/**
 * The archive at scale, without recognising audio: {@code hours} of JSON transcripts (30-minute
 * recordings, two speakers, 2.8 words a second) whose words follow Zipf's law over a vocabulary of
 * test-data's reference words (the most frequent) and 60,000 made-up ones, with runs of the
 * reference texts copied in so that phrases recur. Builds the search data from scratch, then adds
 * seven nights of ten recordings each (the sixth merges them), then runs queries through {@link ArchiveSearch}, printing
 * times, sizes and what each query read. The page's own figures come from
 * {@code src/test/js/archive-check.mjs OUT_DIR shot.png scale} (docs/performance.md).
 */
public final class ArchiveBenchmark {
    static final double WORDS_PER_SECOND = 2.8;
    static final double RECORDING_SECONDS = 1800;
    static final List<String> QUERIES = List.of("the", "chance of rain", "rivers shape the land", "ask not what your co", "sun", "st",
            "photosynthesis", "dashwood");

    private final Path dir;
    private final Path testData;
    private final PrintWriter out;
    private final List<String> vocabulary = new ArrayList<>();
    private final List<String> reference = new ArrayList<>();
    private final double[] cumulative;

    public ArchiveBenchmark(Path dir, Path testData, PrintWriter out) throws IOException {
        this.dir = dir;
        this.testData = testData;
        this.out = out;
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (Stream<Path> texts = Files.list(testData)) {
            for (Path t : texts.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                for (String w : Files.readString(t).toLowerCase(Locale.ROOT).split("[^a-z']+")) {
                    if (!w.isEmpty()) {
                        reference.add(w);
                        counts.merge(w, 1, Integer::sum);
                    }
                }
            }
        }
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).forEach(e -> vocabulary.add(e.getKey()));
        Random r = new Random(1);
        String[] onsets = {"b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "br", "st", "tr", "pl", "gr", "sh", "ch", "th"};
        String[] vowels = {"a", "e", "i", "o", "u", "ai", "ea", "ou", "io"};
        String[] codas = {"", "n", "r", "s", "t", "l", "m", "nd", "st", "ng", "x"};
        java.util.Set<String> seen = new java.util.HashSet<>(vocabulary);
        while (vocabulary.size() < counts.size() + 60_000) {
            StringBuilder w = new StringBuilder();
            for (int s = 1 + r.nextInt(3); s > 0; s--) {
                w.append(onsets[r.nextInt(onsets.length)]).append(vowels[r.nextInt(vowels.length)]).append(codas[r.nextInt(codas.length)]);
            }
            if (seen.add(w.toString())) {
                vocabulary.add(w.toString());
            }
        }
        vocabulary.add("photosynthesis"); // the rarest word: found in a handful of recordings
        cumulative = new double[vocabulary.size()];
        double sum = 0;
        for (int i = 0; i < cumulative.length; i++) {
            sum += 1.0 / (i + 1);
            cumulative[i] = sum;
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= sum;
        }
    }

    private String zipf(Random r) {
        int i = java.util.Arrays.binarySearch(cumulative, r.nextDouble());
        return vocabulary.get(i < 0 ? -i - 1 : i);
    }

    /** Recording {@code n}: its JSON transcript under {@code archive}. */
    private void recording(Path archive, int n) throws IOException {
        Random r = new Random(1000 + n);
        int words = (int) (RECORDING_SECONDS * WORDS_PER_SECOND);
        List<TranscriptSegment> segments = new ArrayList<>();
        List<Word> segment = new ArrayList<>();
        double t = 0.5;
        int copying = 0;
        int from = 0;
        for (int i = 0; i < words; i++) {
            String w;
            if (copying > 0) {
                w = reference.get(from++ % reference.size());
                copying--;
            } else if (r.nextInt(200) == 0) {
                from = r.nextInt(reference.size());
                copying = 5 + r.nextInt(40); // runs of real text: phrases recur across the archive
                w = reference.get(from++ % reference.size());
            } else {
                w = zipf(r);
            }
            double length = 0.12 + w.length() * 0.045;
            segment.add(new Word(w, t, t + length, 0.5 + r.nextInt(50) / 100.0));
            t += length + 0.03 + r.nextInt(8) / 100.0;
            if (segment.size() >= 10 + r.nextInt(30) || i == words - 1) {
                String text = String.join(" ", segment.stream().map(Word::word).toList());
                segments.add(new TranscriptSegment(segments.size(), segment.get(0).start(), segment.get(segment.size() - 1).end(), text,
                        segment, List.of(), segments.size() % 4 == 3 ? "S2" : "S1"));
                segment = new ArrayList<>();
                t += 0.4 + r.nextInt(60) / 100.0;
            }
        }
        String date = java.time.LocalDate.of(2024, 1, 1).plusDays(n * 730L / 2000).toString() + "T09:00:00Z";
        String title = String.format(Locale.ROOT, "Lecture %04d: %s %s", n + 1, zipf(r), zipf(r));
        Transcript.Source source = new Transcript.Source("/srv/lectures/" + String.format(Locale.ROOT, "%04d", n + 1) + ".mp3", 28_800_000,
                date, "mp3", "mp3", 44100, 2, false, new Transcript.Episode(title, date, "lecture-" + n, null, null, null));
        Transcript transcript = new Transcript("", t, segments, source, new Transcript.ModelInfo("bench", "bench"),
                new Transcript.Timings(0, 0, 0, 1, 1, t, 0), null);
        Path json = archive.resolve(String.format(Locale.ROOT, "%d/lecture-%04d.json", 2024 + n * 2 / 2000, n + 1));
        Files.createDirectories(json.getParent());
        try (AtomicOutput o = AtomicOutput.create(json)) {
            o.writeAndCommit(stream -> OutputFormat.JSON.writer().write(transcript, stream));
        }
    }

    public void run(double hours) throws IOException {
        Path archive = dir.resolve(String.format(Locale.ROOT, "archive-%.0fh", hours));
        int total = (int) Math.round(hours * 3600 / RECORDING_SECONDS);
        int nights = 7;
        int perNight = 10;
        int first = Math.max(1, total - nights * perNight);
        long t0 = System.nanoTime();
        for (int n = 0; n < total; n++) {
            if (!Files.exists(archive.resolve(String.format(Locale.ROOT, "%d/lecture-%04d.json", 2024 + n * 2 / 2000, n + 1)))) {
                recording(archive, n);
            }
        }
        out.printf(Locale.ROOT, "archive: %d transcripts of %.0f min (%.0f h) in %s, written in %.1f s%n", total, RECORDING_SECONDS / 60,
                total * RECORDING_SECONDS / 3600, archive, (System.nanoTime() - t0) / 1e9);
        // Hide the last nights' recordings, build from scratch, then add them back one night at a time.
        List<Path> later = new ArrayList<>();
        for (int n = first; n < total; n++) {
            Path json = archive.resolve(String.format(Locale.ROOT, "%d/lecture-%04d.json", 2024 + n * 2 / 2000, n + 1));
            Path hidden = json.resolveSibling("." + json.getFileName());
            Files.move(json, hidden, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            later.add(hidden);
        }
        deleteSearchData(archive);
        Archive a = new Archive(archive);
        long t = System.nanoTime();
        Archive.Update u = a.update(Map.of(), true, new Archive.Listener() {
            @Override
            public void indexing(int position, int of, String json) {
                if (position % 200 == 0) {
                    out.printf(Locale.ROOT, "  indexing %d/%d%n", position, of);
                    out.flush();
                }
            }
        });
        out.printf(Locale.ROOT, "build from scratch: %d recordings, %,d words, %d segments in %.1f s; search data %s%n", u.recordings(),
                u.words(), u.segments(), (System.nanoTime() - t) / 1e9, size(archive.resolve(Archive.DIR)));
        for (int night = 0; night < nights; night++) {
            for (int k = 0; k < perNight && !later.isEmpty(); k++) {
                Path hidden = later.remove(0);
                Files.move(hidden, hidden.resolveSibling(hidden.getFileName().toString().substring(1)));
            }
            t = System.nanoTime();
            u = a.update(Map.of(), true, new Archive.Listener() {
                @Override
                public void note(String line) {
                    out.println("  " + line);
                }
            });
            out.printf(Locale.ROOT, "night %d: +%d recordings in %.2f s (now %d recordings, %d segments)%n", night + 1, u.added(),
                    (System.nanoTime() - t) / 1e9, u.recordings(), u.segments());
        }
        t = System.nanoTime();
        a.update(Map.of(), true, new Archive.Listener() { });
        out.printf(Locale.ROOT, "a night with nothing new: %.2f s (the scan of OUT_DIR, the catalog, manifest and index.html rewritten)%n",
                (System.nanoTime() - t) / 1e9);
        out.printf(Locale.ROOT, "search data: %s; index.html %,d KB%n", size(archive.resolve(Archive.DIR)),
                Files.size(archive.resolve(Archive.PAGE)) / 1024);
        ArchiveSearch search = ArchiveSearch.open(archive).orElseThrow();
        out.println("query (longscribe search, first 20 hits)     hits   ms  files  KB read");
        for (String q : QUERIES) {
            ArchiveSearch s = ArchiveSearch.open(archive).orElseThrow(); // cold: nothing cached
            t = System.nanoTime();
            ArchiveSearch.Result r = s.search(Terms.phrase(q), 20);
            out.printf(Locale.ROOT, "%-40s %10d %5.0f %6d %8.0f%n", "'" + q + "'", r.total(), (System.nanoTime() - t) / 1e6, r.filesRead(),
                    r.bytesRead() / 1024.0);
        }
        out.printf(Locale.ROOT, "%d recordings searchable. The page: node src/test/js/archive-check.mjs %s shot.png scale"
                + " (QUERIES='[...]'), from cli/target/browser-test%n", search.recordings(), archive);
        out.flush();
    }

    private static void deleteSearchData(Path archive) throws IOException {
        Path d = archive.resolve(Archive.DIR);
        if (Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(d)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.deleteIfExists(archive.resolve(Archive.PAGE));
    }

    private static String size(Path d) throws IOException {
        long bytes = 0;
        long files = 0;
        try (Stream<Path> walk = Files.walk(d)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                bytes += Files.size(p);
                files++;
            }
        }
        return String.format(Locale.ROOT, "%,.1f MB in %,d files", bytes / 1e6, files);
    }
}

package org.longscribe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.BuildInfo;
import org.longscribe.TestAudio;
import org.longscribe.transcript.Transcript;

/**
 * The Spark job's merge without Spark: parts of a recording recognised apart, their journals put
 * together (a part lost on the way), and a run over that journal. Every part that finished is taken,
 * wherever it lies; only what was lost is recognised; the transcript is a whole run's. With the
 * composed graph parts are cut at any slice, and a part stopped part way keeps what it heard.
 */
class RecordingPartsTest {
    @TempDir
    Path dir;

    @Test
    void partsAreCutAtAnySliceAndAPartStoppedPartWayRecognisesOnlyWhatItHadNotHeard() throws Exception {
        short[] tile = TestAudio.readSamples(TestAudio.testData("weather.wav"));
        Path input = TestAudio.writeWav(dir.resolve("talk.wav"), TestAudio.tile(tile, 7, k -> 16000 * (k % 3) / 2 + 8000, null), 16000);
        String name = "s3://bucket/talk.wav";
        String model = "small-static (final.mdl 1 bytes)";
        try (Pipeline pipeline = Pipeline.open(org.longscribe.ComposedGraph.ensure(), Pipeline.Settings.defaults(2, true), false)) {
            Transcriber transcriber = pipeline.transcriber();
            Transcript whole = transcriber.transcribe(input, dir, Progress.NONE);
            int slices = whole.timings().slices();
            List<String> joined = new ArrayList<>();
            java.util.Set<Integer> seen = new java.util.TreeSet<>();
            for (int part = 0; part < 3; part++) {
                Path journal = dir.resolve("part-" + part + Journal.SUFFIX);
                assertEquals(0, transcriber.recognizePart(input, dir, journal, name, model, part, 3), "a first try takes nothing");
                List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
                int heard = lines.size() - 1;
                assertTrue(heard >= 2, "part " + part + ": " + heard + " slices");
                if (part == 1) {
                    // Stopped part way: the journal as a kill leaves it, the slices heard first and the last line cut short.
                    int kept = heard / 2;
                    List<String> left = new ArrayList<>(lines.subList(0, 1 + kept));
                    left.add(lines.get(1 + kept).substring(0, lines.get(1 + kept).length() / 2));
                    Files.write(journal, left, StandardCharsets.UTF_8);
                    assertEquals(kept, transcriber.recognizePart(input, dir, journal, name, model, part, 3),
                            "the retry takes what was heard");
                    List<String> retried = Files.readAllLines(journal, StandardCharsets.UTF_8);
                    assertEquals(lines.size(), retried.size(), "the part whole again");
                    assertEquals(new java.util.TreeSet<>(lines.subList(1, lines.size())), new java.util.TreeSet<>(retried.subList(1,
                            retried.size())), "the same lines, byte for byte");
                    lines = retried;
                }
                for (String line : lines.subList(1, lines.size())) {
                    int slice = Integer.parseInt(line.replaceAll(".*\"slice\":(\\d+),.*", "$1"));
                    assertTrue(seen.add(slice), "slice " + slice + " in one part only");
                }
                joined.addAll(joined.isEmpty() ? lines : lines.subList(1, lines.size()));
            }
            assertEquals(slices, seen.size(), "the parts cover the recording");
            Path merged = dir.resolve("merged" + Journal.SUFFIX);
            Files.write(merged, joined, StandardCharsets.UTF_8);
            Transcript t = transcriber.transcribe(input, dir, merged, Progress.NONE, name, model);
            assertEquals(slices, t.timings().slicesResumed(), "every slice from the parts");
            assertEquals(whole.segments(), t.segments());
        }
    }

    @Test
    void aLostMiddlePartIsTheOnlyOneRecognisedAgain() throws Exception {
        // About 4 minutes of speech: blocks of 2, 1 and 1 minutes, one per part.
        short[] tile = TestAudio.readSamples(TestAudio.testData("weather.wav"));
        Path input = TestAudio.writeWav(dir.resolve("talk.wav"), TestAudio.tile(tile, 13, k -> 16000 * (k % 3) / 2 + 8000, null), 16000);
        Path model = Path.of(System.getProperty("longscribe.models.dir", "models"), BuildInfo.defaultModelName());
        try (Pipeline pipeline = Pipeline.open(model, Pipeline.Settings.defaults(2, true), false)) {
            Transcriber transcriber = pipeline.transcriber();
            Transcript whole = transcriber.transcribe(input, dir, Progress.NONE);

            List<String> joined = new ArrayList<>();
            int taken = 0;
            for (int part : new int[] {0, 2}) { // part 1 lost
                Path journal = dir.resolve("part-" + part + Journal.SUFFIX);
                transcriber.recognizePart(input, dir, journal, "s3://bucket/talk.wav", "small (final.mdl 1 bytes)", part, 3);
                List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
                assertTrue(lines.size() > 1, "part " + part + " recognised something");
                int block = part;
                assertTrue(lines.subList(1, lines.size()).stream().allMatch(l -> l.contains("\"block\":" + block + ",")), lines.toString());
                joined.addAll(joined.isEmpty() ? lines : lines.subList(1, lines.size()));
                taken += lines.size() - 1;
            }
            Path merged = dir.resolve("merged" + Journal.SUFFIX);
            Files.write(merged, joined, StandardCharsets.UTF_8);

            Transcript t = transcriber.transcribe(input, dir, merged, Progress.NONE, "s3://bucket/talk.wav",
                    "small (final.mdl 1 bytes)");
            assertEquals(taken, t.timings().slicesResumed(), "both parts that finished, the last one too");
            assertTrue(taken < t.timings().slices(), "the lost part was recognised: " + t.timings());
            assertEquals(whole.segments(), t.segments());
        }
    }
}

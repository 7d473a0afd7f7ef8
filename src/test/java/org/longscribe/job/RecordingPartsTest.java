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
 * wherever it lies; only the lost part's blocks are recognised; the transcript is a whole run's.
 */
class RecordingPartsTest {
    @TempDir
    Path dir;

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

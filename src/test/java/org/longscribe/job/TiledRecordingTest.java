package org.longscribe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;
import org.longscribe.asr.ParallelRecognizer;
import org.longscribe.asr.Word;
import org.longscribe.transcript.Transcript;

/**
 * Several minutes of audio tiled in Java from test-data, with pauses of varying length: many
 * segments must come back in order, each copy's words at that copy's absolute time. A thread forcing
 * GC throughout checks that no mapping is collected while Vosk reads it (that would be a SIGSEGV).
 */
@Tag("slow") // spawns JVMs or runs for tens of seconds: left out by -DexcludedGroups=slow
class TiledRecordingTest {
    @TempDir
    Path dir;

    @Test
    void manySegmentsComeBackInOrderAtTheirAbsoluteTimes() throws Exception {
        short[] tile = TestAudio.readSamples(TestAudio.testData("weather.wav"));
        int copies = 14;
        List<Double> offsets = new ArrayList<>();
        short[] all = TestAudio.tile(tile, copies, k -> 16000 * (k % 4) / 2 + 4000, offsets); // pauses 0.25-1.75 s
        Path tiled = TestAudio.writeWav(dir.resolve("tiled.wav"), all, 16000);

        List<Word> tileWords = TranscriberTest.allWords(Pipelines.transcribe(TestAudio.testData("weather.wav"), dir, 1));

        AtomicBoolean running = new AtomicBoolean(true);
        Thread gc = new Thread(() -> {
            while (running.get()) {
                System.gc();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        gc.setDaemon(true);
        gc.start();
        Transcript t;
        try {
            t = Pipelines.transcribe(tiled, dir, 2); // the default schedule, under GC pressure
        } finally {
            running.set(false);
            gc.join();
        }

        assertEquals(all.length / 16000.0, t.duration(), 0.01);
        assertEquals(Pipelines.transcribe(tiled, dir, 1, ParallelRecognizer.Schedule.BLOCKS).segments(),
                Pipelines.transcribe(tiled, dir, 2, ParallelRecognizer.Schedule.BLOCKS).segments(),
                "reproducible: the same transcript with one thread as with two, word for word and time for time");
        assertTrue(t.segments().size() >= copies * 3, "got " + t.segments().size() + " segments");
        TranscriberTest.assertOrderedAndAbsolute(t);
        List<Word> words = TranscriberTest.allWords(t);
        for (int k = 0; k < copies; k++) {
            // Each word heard in the tile alone should be heard in copy k, shifted by the copy's offset.
            int matched = 0;
            for (Word w : tileWords) {
                double expected = offsets.get(k) + w.start();
                if (words.stream().anyMatch(x -> x.word().equals(w.word()) && Math.abs(x.start() - expected) <= 0.1)) {
                    matched++;
                }
            }
            assertTrue(matched >= 0.8 * tileWords.size(),
                    "copy " + k + " at " + offsets.get(k) + " s: " + matched + " of " + tileWords.size() + " words in place");
        }
    }
}

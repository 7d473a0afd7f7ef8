package org.longscribe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;
import org.longscribe.decode.DecodedAudio;
import org.longscribe.decode.FfmpegDecoder;

/** The benchmark's input: test-data tiled with pauses and noise, encoded as a podcast-like mp3. */
class LectureRecordingTest {
    @TempDir
    Path dir;

    @Test
    void buildsAMp3OfTheRequestedLengthWithItsText() throws Exception {
        LectureRecording.Files3 rec = LectureRecording.build(TestAudio.testData("x").getParent(), dir, "short", 70);
        DecodedAudio d = new FfmpegDecoder().decode(rec.mp3(), dir.resolve("check.wav"));
        assertEquals("mp3", d.container());
        assertEquals(44100, d.sampleRate());
        assertEquals(2, d.channels());
        double seconds = d.samples() / 16000.0;
        // Whole tiles and pauses are added until the length is reached: at most one tile and one pause more.
        assertTrue(seconds >= 70 && seconds < 70 + 44 + 12, "length " + seconds);
        String text = Files.readString(rec.text());
        assertTrue(text.startsWith(TestAudio.reference("lecture.txt").strip()), text);
        assertTrue(text.contains(TestAudio.reference("weather.txt").strip()), "tiles alternate: " + text);
        long before = Files.getLastModifiedTime(rec.mp3()).toMillis();
        LectureRecording.build(TestAudio.testData("x").getParent(), dir, "short", 70);
        assertEquals(before, Files.getLastModifiedTime(rec.mp3()).toMillis(), "built once, then reused");
    }
}

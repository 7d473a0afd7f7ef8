package org.longscribe.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;
import org.longscribe.error.UndecodableInputException;
import org.longscribe.pcm.WavHeader;

class FfmpegDecoderTest {
    @TempDir
    Path dir;

    private final FfmpegDecoder decoder = new FfmpegDecoder();

    @Test
    void mp3At44kStereoBecomes16kMonoWav() throws IOException {
        Path wav = dir.resolve("lecture.wav");
        DecodedAudio d = decoder.decode(TestAudio.testData("lecture.mp3"), wav);
        assertEquals("mp3", d.container());
        assertEquals(44100, d.sampleRate());
        assertEquals(2, d.channels());
        WavHeader h = header(wav);
        assertTrue(h.isRecognizerFormat());
        assertFalse(h.wasClamped(), "sizes are patched into the header");
        assertEquals(d.samples() * 2, h.dataLength());
        assertEquals(43.5, d.samples() / 16000.0, 0.1);
    }

    @Test
    void losslessFlacAt22kComesBackAsTheOriginalSamples() throws IOException {
        short[] original = TestAudio.readSamples(TestAudio.testData("weather.wav"));
        Path wav = dir.resolve("weather.wav");
        DecodedAudio d = decoder.decode(TestAudio.testData("weather.flac"), wav);
        assertEquals("flac", d.codec());
        short[] decoded = TestAudio.readSamples(wav);
        assertEquals(original.length, decoded.length, 40.0, "same length within a few resampler taps");
        assertTrue(correlation(original, decoded) > 0.98, "16k -> 22.05k -> 16k keeps speech intact");
    }

    @Test
    void opusInOggDecodes() throws IOException {
        Path wav = dir.resolve("o.wav");
        DecodedAudio d = decoder.decode(TestAudio.testData("weather.ogg"), wav);
        assertEquals("opus", d.codec());
        assertEquals(17.4, d.samples() / 16000.0, 0.1);
    }

    @Test
    void truncatedMp3KeepsWhatWasThere() throws IOException {
        byte[] full = Files.readAllBytes(TestAudio.testData("lecture.mp3"));
        Path cut = Files.write(dir.resolve("cut.mp3"), Arrays.copyOf(full, full.length / 3));
        DecodedAudio d = decoder.decode(cut, dir.resolve("cut.wav"));
        assertEquals(43.5 / 3, d.samples() / 16000.0, 1.0);
    }

    @Test
    void garbageIsRefusedAndLeavesNoWav() throws IOException {
        byte[] noise = new byte[50_000];
        new Random(1).nextBytes(noise);
        Path wav = dir.resolve("g.wav");
        assertUndecodable(Files.write(dir.resolve("random.mp3"), noise), wav);
        assertUndecodable(Files.write(dir.resolve("empty.ogg"), new byte[0]), wav);
        assertUndecodable(Files.writeString(dir.resolve("notes.m4a"), "These are my notes, not audio.\n".repeat(50)), wav);
        assertFalse(Files.exists(wav));
    }

    @Test
    void fileNamesWithSpacesQuotesAndNonAsciiOpen() throws IOException {
        Path odd = Files.copy(TestAudio.testData("weather.ogg"), dir.resolve("Zoë's \"talk\" – día 1.ogg"));
        DecodedAudio d = decoder.decode(odd, dir.resolve("odd.wav"));
        assertTrue(d.samples() > 16000);
    }

    private void assertUndecodable(Path input, Path wav) {
        UndecodableInputException e = assertThrows(UndecodableInputException.class, () -> decoder.decode(input, wav));
        assertTrue(e.getMessage().startsWith(input.toString()), "names the file: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    }

    private static WavHeader header(Path wav) throws IOException {
        try (FileChannel ch = FileChannel.open(wav)) {
            return WavHeader.read(ch).orElseThrow();
        }
    }

    /** Best normalised cross-correlation within +-40 samples of lag (the resampler's delay). */
    static double correlation(short[] a, short[] b) {
        double best = 0;
        for (int lag = -40; lag <= 40; lag++) {
            double ab = 0;
            double aa = 0;
            double bb = 0;
            for (int i = 1000; i < Math.min(a.length, b.length) - 1000; i++) {
                double x = a[i];
                double y = b[i + lag];
                ab += x * y;
                aa += x * x;
                bb += y * y;
            }
            best = Math.max(best, ab / Math.sqrt(aa * bb));
        }
        return best;
    }
}

package org.longscribe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;
import org.longscribe.bench.AudioEncoder;
import org.longscribe.eval.WordErrorRate;
import org.longscribe.pcm.MappedPcm;
import org.longscribe.transcript.Transcript;

/** Odd but valid inputs transcribe, built in Java from test-data. */
@Tag("slow") // spawns JVMs or runs for tens of seconds: left out by -DexcludedGroups=slow
class OddInputTest {
    @TempDir
    Path dir;

    static Path wav(Path file, int format, int channels, int rate, int bits, ByteBuffer data, long declaredSize) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes()).putInt((int) Math.min(0xFFFFFFFFL, declaredSize + 36)).put("WAVEfmt ".getBytes()).putInt(16);
        h.putShort((short) format).putShort((short) channels).putInt(rate).putInt(rate * channels * bits / 8)
                .putShort((short) (channels * bits / 8)).putShort((short) bits);
        h.put("data".getBytes()).putInt((int) declaredSize);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(h.flip());
            ch.write(data);
        }
        return file;
    }

    private String weather() throws IOException {
        return TestAudio.reference("weather.txt");
    }

    @Test
    void eightKhzStereoEightBit() throws Exception {
        short[] s = TestAudio.readSamples(TestAudio.testData("weather.wav"));
        ByteBuffer data = ByteBuffer.allocate(s.length / 2 * 2);
        for (int i = 0; i + 1 < s.length; i += 2) {
            byte u = (byte) (((s[i] + s[i + 1]) / 2 >> 8) + 128); // unsigned 8-bit, as WAV stores it
            data.put(u).put(u);
        }
        Transcript t = Pipelines.transcribe(wav(dir.resolve("phone.wav"), 1, 2, 8000, 8, data.flip(), data.limit()), dir, 2);
        assertEquals(17.4, t.duration(), 0.1);
        assertTrue(WordErrorRate.compute(weather(), t.text()).percent() < 60, "narrowband, still words: " + t.text());
    }

    @Test
    void fortyEightKhzFloat() throws Exception {
        short[] s = TestAudio.readSamples(TestAudio.testData("weather.wav"));
        ByteBuffer data = ByteBuffer.allocate(s.length * 3 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < s.length; i++) {
            float a = s[i] / 32768f;
            float b = i + 1 < s.length ? s[i + 1] / 32768f : a;
            for (int k = 0; k < 3; k++) {
                data.putFloat(a + (b - a) * k / 3f);
            }
        }
        Transcript t = Pipelines.transcribe(wav(dir.resolve("float.wav"), 3, 1, 48000, 32, data.flip(), data.limit()), dir, 2);
        assertEquals("pcm_f32le", t.source().codec());
        assertTrue(WordErrorRate.compute(weather(), t.text()).percent() < 35, t.text());
    }

    @Test
    void streamedWavWithAnAllOnesSizeIsMappedAndClamped() throws Exception {
        byte[] bytes = Files.readAllBytes(TestAudio.testData("weather.wav"));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0xFFFFFFFF).putInt(4, 0xFFFFFFFF);
        Path streamed = Files.write(dir.resolve("streamed.wav"), bytes);
        Transcript t = Pipelines.transcribe(streamed, dir, 2);
        Transcript original = Pipelines.transcribe(TestAudio.testData("weather.wav"), dir, 2);
        assertEquals("wav", t.source().container(), "mapped directly, not decoded");
        assertEquals(original.segments(), t.segments());
    }

    @Test
    void anHourOfSilenceIsAnEmptyTranscriptNotAnError() throws Exception {
        Path silence = dir.resolve("silence.wav");
        long bytes = 3600L * 16000 * 2;
        wav(silence, 1, 1, 16000, 16, ByteBuffer.allocate(0), bytes);
        try (FileChannel ch = FileChannel.open(silence, StandardOpenOption.WRITE)) {
            ch.truncate(44);
            ch.write(ByteBuffer.allocate(1), 44 + bytes - 1); // sparse: an hour of zeros
        }
        long t0 = System.nanoTime();
        Transcript t = Pipelines.transcribe(silence, dir, 2);
        assertEquals(3600.0, t.duration(), 0.01);
        assertEquals(0, t.segments().size());
        assertEquals("", t.text());
        assertTrue((System.nanoTime() - t0) / 1e9 < 60, "silence is scanned, not recognised");
    }

    @Test
    void twentyFourBitFlac() throws Exception {
        Transcript t = Pipelines.transcribe(TestAudio.testData("weather-24bit.flac"), dir, 2);
        assertEquals("flac", t.source().codec());
        assertSameWordsAsTheWav(t, 0);
    }

    /** Made here with the bundled FFmpeg 8: Debian's FFmpeg 5 cannot write 32-bit FLAC. */
    @Test
    void thirtyTwoBitFlacAt48kHz() throws Exception {
        Path flac = dir.resolve("weather-32bit.flac");
        try (MappedPcm pcm = MappedPcm.open(TestAudio.testData("weather.wav"))) {
            AudioEncoder.encode(pcm, flac, AudioEncoder.Format.flac(48_000, 32));
        }
        byte[] head = Files.readAllBytes(flac);
        int bitsPerSample = (((head[20] & 1) << 4) | ((head[21] & 0xFF) >> 4)) + 1; // STREAMINFO
        assertEquals(32, bitsPerSample, "a real 32-bit FLAC");
        Transcript t = Pipelines.transcribe(flac, dir, 2);
        assertEquals(48_000, t.source().sampleRate());
        assertSameWordsAsTheWav(t, 5);
    }

    @Test
    void aacInM4a() throws Exception {
        Transcript t = Pipelines.transcribe(TestAudio.testData("weather.m4a"), dir, 2);
        assertEquals("aac", t.source().codec());
        assertTrue(t.source().container().contains("m4a"), t.source().container());
        assertSameWordsAsTheWav(t, 15);
    }

    @Test
    void theAudioInsideAVideo() throws Exception {
        Transcript t = Pipelines.transcribe(TestAudio.testData("weather.mp4"), dir, 2);
        assertEquals("aac", t.source().codec(), "the audio stream, not the H.264 one");
        assertEquals(17.4, t.duration(), 0.3);
        assertSameWordsAsTheWav(t, 15);
    }

    private void assertSameWordsAsTheWav(Transcript t, double maxWer) throws Exception {
        Transcript wav = Pipelines.transcribe(TestAudio.testData("weather.wav"), dir, 2);
        double wer = WordErrorRate.compute(wav.text(), t.text()).percent();
        assertTrue(wer <= maxWer, "WER against the WAV's transcript " + wer + "%: " + t.text());
        assertTrue(t.segments().size() >= 3, t.segments().toString());
    }
}

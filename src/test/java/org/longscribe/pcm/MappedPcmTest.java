package org.longscribe.pcm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;

class MappedPcmTest {
    @TempDir
    Path dir;

    @Test
    void everySampleReadsBackAcrossTinyWindowsOfRandomLength() throws IOException {
        Random random = new Random(42);
        for (int trial = 0; trial < 30; trial++) {
            short[] samples = new short[1 + random.nextInt(5000)];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (short) random.nextInt();
            }
            Path wav = TestAudio.writeWav(dir.resolve("t" + trial + ".wav"), samples, 16000);
            int shift = 4 + random.nextInt(8); // windows of 16 bytes to 2 KiB
            try (MappedPcm pcm = MappedPcm.open(wav, shift)) {
                assertEquals(samples.length, pcm.count());
                for (int i = 0; i < samples.length; i++) {
                    assertEquals(samples[i], pcm.at(i), "sample " + i + " with window shift " + shift);
                }
                long from = random.nextInt(samples.length);
                long to = from + random.nextInt((int) (samples.length - from) + 1);
                int maxBytes = 2 + random.nextInt(64);
                List<Short> seen = new ArrayList<>();
                pcm.slice(from, to).forEachChunk(maxBytes, chunk -> {
                    assertTrue(chunk.isDirect());
                    assertTrue(chunk.remaining() <= maxBytes && chunk.remaining() % 2 == 0);
                    assertTrue(chunk.remaining() <= 1 << shift, "a chunk never crosses a window");
                    chunk.order(ByteOrder.LITTLE_ENDIAN);
                    while (chunk.hasRemaining()) {
                        seen.add(chunk.getShort());
                    }
                });
                assertEquals(to - from, seen.size());
                for (int i = 0; i < seen.size(); i++) {
                    assertEquals(samples[(int) from + i], seen.get(i));
                }
            }
        }
    }

    @Test
    void releasedPagesStillReadBack() throws IOException {
        short[] samples = new short[100_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (i * 7);
        }
        Path wav = TestAudio.writeWav(dir.resolve("r.wav"), samples, 16000);
        try (MappedPcm pcm = MappedPcm.open(wav, 12)) {
            pcm.release(0, pcm.count());
            for (int i = 0; i < samples.length; i += 997) {
                assertEquals(samples[i], pcm.at(i));
            }
        }
    }

    @Test
    void sliceNamesFileAndTimes() throws IOException {
        Path wav = TestAudio.writeWav(dir.resolve("lecture.wav"), new short[16000 * 3], 16000);
        try (MappedPcm pcm = MappedPcm.open(wav)) {
            assertEquals("lecture.wav[00:00:00.50–00:00:02.25]", pcm.slice(8000, 36000).toString());
            assertEquals(3.0, pcm.duration(), 1e-9);
        }
    }

    @Test
    void useAfterCloseFailsNamingTheFileAndDoubleCloseIsHarmless() throws IOException {
        Path wav = TestAudio.writeWav(dir.resolve("closed.wav"), new short[1000], 16000);
        MappedPcm pcm = MappedPcm.open(wav, 8);
        PcmSlice slice = pcm.slice(0, 500);
        pcm.close();
        pcm.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pcm.at(3));
        assertTrue(e.getMessage().contains("closed.wav"), e.getMessage());
        IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> slice.forEachChunk(64, c -> { }));
        assertTrue(e2.getMessage().contains("closed.wav"), e2.getMessage());
    }

    @Test
    void refusesWhatIsNotRecognizerFormat() throws IOException {
        Path wav = TestAudio.writeWav(dir.resolve("8k.wav"), new short[100], 8000);
        assertThrows(WavHeader.WavFormatException.class, () -> MappedPcm.open(wav));
    }

    @Test
    void outOfRangeSliceNamesTheBounds() throws IOException {
        Path wav = TestAudio.writeWav(dir.resolve("b.wav"), new short[100], 16000);
        try (MappedPcm pcm = MappedPcm.open(wav)) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> pcm.slice(50, 101));
            assertTrue(e.getMessage().contains("[50, 101)"), e.getMessage());
        }
    }
}

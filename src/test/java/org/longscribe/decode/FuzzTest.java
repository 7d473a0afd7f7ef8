package org.longscribe.decode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.store.TempFiles;
import org.longscribe.TestAudio;
import org.longscribe.error.LongscribeException;
import org.longscribe.pcm.MappedPcm;
import org.longscribe.segment.EnergySegmenter;

/**
 * Hundreds of mutated WAV files (header bytes flipped, sizes lied about, truncated anywhere) through
 * the header reader, the decoder, the mapping and the segmenter: each must end in a clean, named error
 * or in readable samples; never a crash, a hang or an unexpected exception.
 */
class FuzzTest {
    @TempDir
    Path dir;

    @Test
    void mutatedWavFilesGiveCleanErrorsOrAudio() throws Exception {
        byte[] original = Files.readAllBytes(TestAudio.testData("weather.wav"));
        original = java.util.Arrays.copyOf(original, 44 + 16000 * 2); // the first second keeps it quick
        Random random = new Random(11);
        AudioPreparer preparer = new AudioPreparer(new FfmpegDecoder());
        int ok = 0;
        int refused = 0;
        long t0 = System.nanoTime();
        for (int trial = 0; trial < 300; trial++) {
            byte[] b = original.clone();
            switch (trial % 4) {
                case 0 -> { // flip header bytes
                    for (int k = 0; k < 1 + random.nextInt(4); k++) {
                        b[random.nextInt(44)] = (byte) random.nextInt();
                    }
                }
                case 1 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length)); // truncate anywhere
                case 2 -> { // lie about sizes
                    int at = random.nextBoolean() ? 4 : 40;
                    java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(at, random.nextInt());
                }
                default -> { // random chunk headers after fmt
                    for (int k = 36; k < 44; k++) {
                        b[k] = (byte) random.nextInt();
                    }
                }
            }
            Path in = Files.write(dir.resolve("f" + trial + ".wav"), b);
            Path work = Files.createTempDirectory(dir, "w");
            try {
                PreparedAudio p = preparer.prepare(in, work, () -> { });
                try (MappedPcm pcm = MappedPcm.open(p.wav())) {
                    new EnergySegmenter().segment(pcm, s -> { });
                }
                ok++;
            } catch (LongscribeException e) {
                assertTrue(e.getMessage().startsWith(in.toString()), "names the file: " + e.getMessage());
                refused++;
            } catch (IOException e) {
                throw new AssertionError("trial " + trial + ": unexpected " + e, e);
            } finally {
                TempFiles.delete(work);
            }
        }
        assertTrue(ok > 50 && refused > 10, ok + " readable, " + refused + " refused");
        assertTrue((System.nanoTime() - t0) / 1e9 < 120, "bounded time");
    }
}

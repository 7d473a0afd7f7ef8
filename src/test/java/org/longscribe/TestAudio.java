package org.longscribe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Test helpers: the repository's test-data, and WAV files written from arrays. */
public final class TestAudio {
    private TestAudio() {
    }

    public static Path testData(String name) {
        Path dir = Path.of(System.getProperty("user.dir"), "test-data");
        return dir.resolve(name);
    }

    public static String reference(String name) throws IOException {
        return Files.readString(testData(name));
    }

    /** A canonical 44-byte-header WAV of 16-bit mono samples at {@code rate}. */
    public static Path writeWav(Path file, short[] samples, int rate) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples.length * 2).put("WAVEfmt ".getBytes()).putInt(16);
        b.putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(samples.length * 2);
        for (short s : samples) {
            b.putShort(s);
        }
        b.flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
        return file;
    }

    /**
     * {@code copies} copies of {@code tile}, copy k preceded by {@code pauseSamples.applyAsInt(k)} samples
     * of silence; the start of each copy, in seconds, is added to {@code offsets} when it is not null.
     */
    public static short[] tile(short[] tile, int copies, java.util.function.IntUnaryOperator pauseSamples,
                               java.util.List<Double> offsets) {
        int total = 0;
        for (int k = 0; k < copies; k++) {
            total += pauseSamples.applyAsInt(k) + tile.length;
        }
        short[] all = new short[total];
        int at = 0;
        for (int k = 0; k < copies; k++) {
            at += pauseSamples.applyAsInt(k);
            if (offsets != null) {
                offsets.add(at / 16000.0);
            }
            System.arraycopy(tile, 0, all, at, tile.length);
            at += tile.length;
        }
        return all;
    }

    /** Reads the samples of a 16 kHz mono WAV with a canonical 44-byte header (test-data files). */
    public static short[] readSamples(Path wav) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        int dataOffset = 12;
        while (true) {
            int id = b.getInt(dataOffset);
            int size = b.getInt(dataOffset + 4);
            if (id == 0x61746164) { // "data"
                dataOffset += 8;
                int n = Math.min(size, b.capacity() - dataOffset) / 2;
                short[] s = new short[n];
                for (int i = 0; i < n; i++) {
                    s[i] = b.getShort(dataOffset + 2 * i);
                }
                return s;
            }
            dataOffset += 8 + size + (size & 1);
        }
    }
}

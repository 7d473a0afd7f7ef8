package org.longscribe.pcm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavHeaderTest {
    @TempDir
    Path dir;

    /** Builds RIFF files chunk by chunk, with whatever sizes a test wants to lie about. */
    static final class Riff {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Riff() {
            out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(le32(0)); // patched on build
            out.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
        }

        Riff fmt(int code, int channels, int rate, int bits) {
            ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            b.putShort((short) code).putShort((short) channels).putInt(rate).putInt(rate * channels * bits / 8)
                    .putShort((short) (channels * bits / 8)).putShort((short) bits);
            return chunk("fmt ", b.array(), 16);
        }

        Riff extensible(int channels, int rate, int bits, int subFormat) {
            ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
            b.putShort((short) 0xFFFE).putShort((short) channels).putInt(rate).putInt(rate * channels * bits / 8)
                    .putShort((short) (channels * bits / 8)).putShort((short) bits);
            b.putShort((short) 22).putShort((short) bits).putInt(4).putShort((short) subFormat);
            return chunk("fmt ", b.array(), 40);
        }

        Riff chunk(String id, byte[] body, long declaredSize) {
            out.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(le32((int) declaredSize));
            out.writeBytes(body);
            if ((body.length & 1) == 1) {
                out.write(0);
            }
            return this;
        }

        Path write(Path file) throws IOException {
            byte[] bytes = out.toByteArray();
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(4, bytes.length - 8);
            return Files.write(file, bytes);
        }

        private static byte[] le32(int v) {
            return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
        }
    }

    private Optional<WavHeader> read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            return WavHeader.read(ch);
        }
    }

    @Test
    void canonicalHeader() throws IOException {
        Path f = new Riff().fmt(1, 1, 16000, 16).chunk("data", new byte[3200], 3200).write(dir.resolve("a.wav"));
        WavHeader h = read(f).orElseThrow();
        assertTrue(h.isRecognizerFormat());
        assertEquals(44, h.dataOffset());
        assertEquals(3200, h.dataLength());
        assertFalse(h.wasClamped());
    }

    @Test
    void chunksBeforeDataAreSkippedIncludingOddPadding() throws IOException {
        Path f = new Riff().fmt(1, 1, 16000, 16).chunk("LIST", new byte[5], 5).chunk("data", new byte[100], 100)
                .write(dir.resolve("b.wav"));
        WavHeader h = read(f).orElseThrow();
        assertEquals(44 + 8 + 6, h.dataOffset());
        assertEquals(100, h.dataLength());
    }

    @Test
    void dataSizeLargerThanFileIsClamped() throws IOException {
        Path f = new Riff().fmt(1, 1, 16000, 16).chunk("data", new byte[1001], 1_000_000).write(dir.resolve("c.wav"));
        try (FileChannel ch = FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(44 + 1001); // drop the pad byte: 1001 bytes of data, half a sample at the end
        }
        WavHeader h = read(f).orElseThrow();
        assertEquals(1000, h.dataLength(), "clamped to the bytes present, whole samples only");
        assertEquals(1_000_000, h.declaredLength());
        assertTrue(h.wasClamped());
    }

    @Test
    void streamingSizeFieldAllOnesIsClamped() throws IOException {
        Path f = new Riff().fmt(1, 1, 16000, 16).chunk("data", new byte[640], 0xFFFF_FFFFL).write(dir.resolve("d.wav"));
        assertEquals(640, read(f).orElseThrow().dataLength());
    }

    @Test
    void extensibleFormatUsesSubFormat() throws IOException {
        Path f = new Riff().extensible(1, 16000, 16, 1).chunk("data", new byte[64], 64).write(dir.resolve("e.wav"));
        WavHeader h = read(f).orElseThrow();
        assertEquals(WavHeader.FORMAT_PCM, h.formatCode());
        assertTrue(h.isRecognizerFormat());
    }

    @Test
    void otherFormatsAreReadButNotRecognizerFormat() throws IOException {
        Path stereo = new Riff().fmt(1, 2, 44100, 16).chunk("data", new byte[64], 64).write(dir.resolve("s.wav"));
        Path floats = new Riff().fmt(3, 1, 16000, 32).chunk("data", new byte[64], 64).write(dir.resolve("f.wav"));
        Path eightBit = new Riff().fmt(1, 1, 8000, 8).chunk("data", new byte[64], 64).write(dir.resolve("u.wav"));
        assertFalse(read(stereo).orElseThrow().isRecognizerFormat());
        assertEquals(WavHeader.FORMAT_FLOAT, read(floats).orElseThrow().formatCode());
        assertFalse(read(eightBit).orElseThrow().isRecognizerFormat());
    }

    @Test
    void notRiffIsEmpty() throws IOException {
        assertTrue(read(Files.write(dir.resolve("x.mp3"), "ID3 this is not a wav file".getBytes())).isEmpty());
        assertTrue(read(Files.write(dir.resolve("empty.wav"), new byte[0])).isEmpty());
    }

    @Test
    void unusableHeadersAreRefusedWithTheReason() throws IOException {
        Path zeroChannels = new Riff().fmt(1, 0, 16000, 16).chunk("data", new byte[8], 8).write(dir.resolve("z.wav"));
        Path zeroRate = new Riff().fmt(1, 1, 0, 16).chunk("data", new byte[8], 8).write(dir.resolve("r.wav"));
        Path noFmt = new Riff().chunk("data", new byte[8], 8).write(dir.resolve("n.wav"));
        Path noData = new Riff().fmt(1, 1, 16000, 16).write(dir.resolve("h.wav"));
        Path shortFmt = new Riff().chunk("fmt ", new byte[8], 8).write(dir.resolve("sf.wav"));
        assertMessage(zeroChannels, "0 channels");
        assertMessage(zeroRate, "sample rate 0");
        assertMessage(noFmt, "before any fmt");
        assertMessage(noData, "no data chunk");
        assertMessage(shortFmt, "fmt chunk is 8 bytes");
    }

    @Test
    void headerWithNoSamplesHasZeroLength() throws IOException {
        Path f = new Riff().fmt(1, 1, 16000, 16).chunk("data", new byte[0], 0).write(dir.resolve("nodata.wav"));
        assertEquals(0, read(f).orElseThrow().dataLength());
    }

    private void assertMessage(Path file, String expected) {
        WavHeader.WavFormatException e = assertThrows(WavHeader.WavFormatException.class, () -> read(file));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}

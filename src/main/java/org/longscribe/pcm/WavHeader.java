package org.longscribe.pcm;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * What a RIFF/WAVE header says, read defensively: chunks are walked (LIST and other chunks may come
 * before {@code data}), and a data size larger than the file, as streaming writers leave it
 * (0xFFFFFFFF or a guess), is clamped to the bytes actually present.
 *
 * @param formatCode     1 for integer PCM, 3 for float; the sub-format for WAVE_FORMAT_EXTENSIBLE
 * @param dataOffset     file offset of the first sample byte
 * @param dataLength     bytes of sample data present in the file (clamped, whole frames only)
 * @param declaredLength what the data chunk's size field said
 */
public record WavHeader(int formatCode, int channels, int sampleRate, int bitsPerSample,
                        long dataOffset, long dataLength, long declaredLength) {

    public static final int FORMAT_PCM = 1;
    public static final int FORMAT_FLOAT = 3;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    private static final int MAX_CHUNKS = 4096;

    /** The one format longscribe maps directly: 16 kHz, mono, signed 16-bit little-endian PCM. */
    public boolean isRecognizerFormat() {
        return formatCode == FORMAT_PCM && channels == 1 && sampleRate == 16_000 && bitsPerSample == 16;
    }

    /** True when the size field promised more data than the file holds. */
    public boolean wasClamped() {
        return declaredLength != dataLength;
    }

    /**
     * Reads the header of {@code channel}'s file.
     *
     * @return empty when the file is not RIFF/WAVE at all (it may still be decodable audio)
     * @throws WavFormatException when it is RIFF/WAVE but the header is unusable
     */
    public static Optional<WavHeader> read(FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 12) {
            return Optional.empty();
        }
        ByteBuffer riff = readAt(channel, 0, 12);
        if (riff.getInt(0) != fourCC("RIFF") || riff.getInt(8) != fourCC("WAVE")) {
            return Optional.empty();
        }
        int formatCode = -1;
        int channels = 0;
        int sampleRate = 0;
        int bits = 0;
        long pos = 12;
        for (int i = 0; i < MAX_CHUNKS && pos + 8 <= fileSize; i++) {
            ByteBuffer chunkHeader = readAt(channel, pos, 8);
            int id = chunkHeader.getInt(0);
            long size = Integer.toUnsignedLong(chunkHeader.getInt(4));
            long body = pos + 8;
            if (id == fourCC("fmt ")) {
                if (size < 16 || body + 16 > fileSize) {
                    throw new WavFormatException("fmt chunk is " + size + " bytes, shorter than the 16 a WAV needs");
                }
                ByteBuffer fmt = readAt(channel, body, (int) Math.min(size, 40));
                formatCode = Short.toUnsignedInt(fmt.getShort(0));
                channels = Short.toUnsignedInt(fmt.getShort(2));
                sampleRate = fmt.getInt(4);
                bits = Short.toUnsignedInt(fmt.getShort(14));
                if (formatCode == FORMAT_EXTENSIBLE && size >= 40 && fmt.limit() >= 26) {
                    formatCode = Short.toUnsignedInt(fmt.getShort(24)); // first two bytes of the sub-format GUID
                }
            } else if (id == fourCC("data")) {
                if (formatCode < 0) {
                    throw new WavFormatException("data chunk comes before any fmt chunk");
                }
                if (channels == 0) {
                    throw new WavFormatException("header says 0 channels");
                }
                if (sampleRate <= 0) {
                    throw new WavFormatException("header says sample rate " + Integer.toUnsignedString(sampleRate));
                }
                if (bits == 0 || bits % 8 != 0) {
                    throw new WavFormatException("header says " + bits + " bits per sample");
                }
                long present = Math.max(0, Math.min(size, fileSize - body));
                long frame = (long) channels * (bits / 8);
                present -= present % frame;
                return Optional.of(new WavHeader(formatCode, channels, sampleRate, bits, body, present, size));
            }
            pos = body + size + (size & 1); // chunks are padded to even length
        }
        throw new WavFormatException(formatCode < 0 ? "no fmt chunk" : "no data chunk");
    }

    private static ByteBuffer readAt(FileChannel channel, long pos, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos + buf.position());
            if (n < 0) {
                if (buf.position() == 0) {
                    throw new EOFException("header ends at byte " + pos);
                }
                break;
            }
        }
        buf.flip();
        return buf;
    }

    private static int fourCC(String s) {
        return (s.charAt(0)) | (s.charAt(1) << 8) | (s.charAt(2) << 16) | (s.charAt(3) << 24);
    }

    /** A RIFF/WAVE file whose header cannot be used. */
    public static final class WavFormatException extends IOException {
        public WavFormatException(String message) {
            super(message);
        }
    }
}

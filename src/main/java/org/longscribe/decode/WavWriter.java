package org.longscribe.decode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.longscribe.error.OutputNotWritableException;
import org.longscribe.store.WriteFailure;

/**
 * Writes 16 kHz mono 16-bit PCM to a WAV file as it arrives: a header with placeholder sizes first,
 * the sizes patched in on {@link #finish()}. Past 4 GiB of data (37 hours) the size fields are left
 * at 0xFFFFFFFF, which readers that clamp to the file size (ours does) handle.
 */
public final class WavWriter implements AutoCloseable {
    static final int HEADER_BYTES = 44;
    private final Path wav;
    private final FileChannel channel;
    private long dataBytes;

    public WavWriter(Path wav) throws IOException {
        this.wav = wav;
        try {
            channel = FileChannel.open(wav, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw cannotWrite(e);
        }
        writeFully(header(0xFFFF_FFFFL), 0);
    }

    /** Appends the buffer's remaining bytes (whole samples). */
    public void write(ByteBuffer pcm) throws IOException {
        try {
            while (pcm.hasRemaining()) {
                dataBytes += channel.write(pcm, HEADER_BYTES + dataBytes);
            }
        } catch (IOException e) {
            throw cannotWrite(e);
        }
    }

    /** A full disk is the usual cause here; it is the work directory's problem, not the input's. */
    private OutputNotWritableException cannotWrite(IOException e) {
        return new OutputNotWritableException(wav, "cannot write the decoded audio: " + WriteFailure.reason(e)
                + " (disk full? --work-dir chooses where it goes; it needs about 115 MB per hour of audio)", e);
    }

    public long samples() {
        return dataBytes / 2;
    }

    /**
     * Patches the sizes into the header and forces the file to disk: a journal names this WAV as
     * complete, and after a power cut a resumed run must not map a file with holes in it.
     */
    public void finish() throws IOException {
        writeFully(header(dataBytes), 0);
        try {
            channel.force(false);
        } catch (IOException e) {
            throw cannotWrite(e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void writeFully(ByteBuffer buf, long pos) throws IOException {
        try {
            while (buf.hasRemaining()) {
                pos += channel.write(buf, pos);
            }
        } catch (IOException e) {
            throw cannotWrite(e);
        }
    }

    private static ByteBuffer header(long dataBytes) {
        long riffSize = dataBytes + 36 > 0xFFFF_FFFFL ? 0xFFFF_FFFFL : dataBytes + 36;
        long dataSize = Math.min(dataBytes, 0xFFFF_FFFFL);
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) riffSize);
        b.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
        b.putShort((short) 1).putShort((short) 1).putInt(16_000).putInt(32_000).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) dataSize);
        return b.flip();
    }
}

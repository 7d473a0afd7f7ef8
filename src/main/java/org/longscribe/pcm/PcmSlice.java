package org.longscribe.pcm;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A view of samples [start, end) of a {@link MappedPcm}. It never closes anything; it fails with an
 * exception naming the file if used after its owner closed. Prints as
 * {@code lecture.wav[00:12:03.40–00:12:31.90]}.
 */
public final class PcmSlice {
    /** Receives one contiguous run of the slice's bytes; the buffer is a view into the mapping. */
    @FunctionalInterface
    public interface ChunkConsumer {
        void accept(ByteBuffer chunk) throws IOException;
    }

    private final MappedPcm owner;
    private final long start;
    private final long end;

    PcmSlice(MappedPcm owner, long start, long end) {
        this.owner = owner;
        this.start = start;
        this.end = end;
    }

    /** First sample, as an index into the whole recording. */
    public long start() {
        return start;
    }

    /** One past the last sample. */
    public long end() {
        return end;
    }

    public long sampleCount() {
        return end - start;
    }

    public double startSeconds() {
        return start / (double) Samples.SAMPLE_RATE;
    }

    public double endSeconds() {
        return end / (double) Samples.SAMPLE_RATE;
    }

    /** Passes the slice's bytes in order, in direct buffers of at most {@code maxBytes}. */
    public void forEachChunk(int maxBytes, ChunkConsumer consumer) throws IOException {
        owner.forEachChunk(start, end, maxBytes, consumer);
    }

    /** Drops this slice's pages from the resident set (see {@link MappedPcm#release}). */
    public void release() {
        owner.release(start, end);
    }

    @Override
    public String toString() {
        return owner.path().getFileName() + "[" + Timecode.format(startSeconds()) + "–" + Timecode.format(endSeconds()) + "]";
    }
}

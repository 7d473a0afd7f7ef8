package org.longscribe.pcm;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The samples of a 16 kHz mono 16-bit WAV, memory-mapped and never copied onto the heap.
 *
 * <p>The data is mapped in power-of-two windows (as Lucene's MMapDirectory does), so no single
 * {@link MappedByteBuffer} limits the length of a recording: one window per GiB by default. Windows
 * are aligned to the start of the data, so a sample never straddles two windows.
 *
 * <p>This object is the single owner of the mappings: {@link #close()} unmaps them, and only the
 * caller that opened it may close it, after every native reader of every slice has returned.
 * Slices are views; using one after close fails with an exception naming the file.
 */
public final class MappedPcm implements Samples, AutoCloseable {
    static final int DEFAULT_WINDOW_SHIFT = 30;

    private final Path path;
    private final WavHeader header;
    private final int windowShift;
    private final long windowMask;
    private final long count;
    private volatile boolean closed;
    // Plain (non-volatile) for the per-sample hot path; nulled on close so late readers fail fast.
    private ByteBuffer[] windows;
    private final MappedByteBuffer[] mappings;

    private MappedPcm(Path path, WavHeader header, MappedByteBuffer[] mappings, int windowShift) {
        this.path = path;
        this.header = header;
        this.mappings = mappings;
        this.windowShift = windowShift;
        this.windowMask = (1L << windowShift) - 1;
        this.count = header.dataLength() / 2;
        this.windows = new ByteBuffer[mappings.length];
        for (int i = 0; i < mappings.length; i++) {
            windows[i] = mappings[i].duplicate().order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** Maps {@code wav}, which must be 16 kHz mono 16-bit PCM (see {@link WavHeader#isRecognizerFormat()}). */
    public static MappedPcm open(Path wav) throws IOException {
        return open(wav, DEFAULT_WINDOW_SHIFT);
    }

    /** As {@link #open(Path)}, with windows of {@code 1 << windowShift} bytes (small in tests). */
    public static MappedPcm open(Path wav, int windowShift) throws IOException {
        if (windowShift < 4 || windowShift > 30) {
            throw new IllegalArgumentException("windowShift must be in [4, 30]: " + windowShift);
        }
        try (FileChannel channel = FileChannel.open(wav, StandardOpenOption.READ)) {
            WavHeader header = WavHeader.read(channel)
                    .orElseThrow(() -> new WavHeader.WavFormatException("not a RIFF/WAVE file"));
            if (!header.isRecognizerFormat()) {
                throw new WavHeader.WavFormatException("not 16 kHz mono 16-bit PCM: " + header);
            }
            long length = header.dataLength();
            long windowSize = 1L << windowShift;
            int n = (int) ((length + windowSize - 1) >>> windowShift);
            MappedByteBuffer[] mappings = new MappedByteBuffer[n];
            for (int i = 0; i < n; i++) {
                long offset = (long) i << windowShift;
                long size = Math.min(windowSize, length - offset);
                try {
                    // Mappings outlive the channel; only the pages we touch become resident.
                    mappings[i] = channel.map(FileChannel.MapMode.READ_ONLY, header.dataOffset() + offset, size);
                } catch (IOException e) {
                    throw new IOException("map failed for " + wav + " at byte " + offset
                            + " (address space limit? check ulimit -v): " + e.getMessage(), e);
                }
            }
            return new MappedPcm(wav, header, mappings, windowShift);
        }
    }

    public Path path() {
        return path;
    }

    public WavHeader header() {
        return header;
    }

    @Override
    public long count() {
        return count;
    }

    /** Duration in seconds. */
    public double duration() {
        return count / (double) SAMPLE_RATE;
    }

    @Override
    public short at(long index) {
        long byteOffset = index << 1;
        ByteBuffer[] w = windows;
        if (w == null) {
            throw alreadyClosed();
        }
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("sample " + index + " of " + count + " in " + path);
        }
        return w[(int) (byteOffset >>> windowShift)].getShort((int) (byteOffset & windowMask));
    }

    /** A view of samples [start, end). Cheap; it does not copy. */
    public PcmSlice slice(long start, long end) {
        if (start < 0 || end > count || start > end) {
            throw new IndexOutOfBoundsException("slice [" + start + ", " + end + ") of " + count + " samples in " + path);
        }
        return new PcmSlice(this, start, end);
    }

    /**
     * Hands the bytes of samples [start, end) to {@code consumer} as direct buffers of at most
     * {@code maxBytes} bytes (an even number), splitting where windows meet. Each buffer is a view
     * into the mapping, valid until this object is closed.
     */
    void forEachChunk(long start, long end, int maxBytes, PcmSlice.ChunkConsumer consumer) throws IOException {
        int chunk = maxBytes & ~1;
        if (chunk <= 0) {
            throw new IllegalArgumentException("maxBytes must be at least 2: " + maxBytes);
        }
        long pos = start << 1;
        long stop = end << 1;
        while (pos < stop) {
            if (closed) {
                throw alreadyClosed();
            }
            int window = (int) (pos >>> windowShift);
            int inWindow = (int) (pos & windowMask);
            MappedByteBuffer mapping = mappings[window];
            int len = (int) Math.min(chunk, Math.min(stop - pos, mapping.capacity() - inWindow));
            consumer.accept(mapping.slice(inWindow, len).order(ByteOrder.LITTLE_ENDIAN));
            pos += len;
        }
    }

    /**
     * Tells the kernel we are done with samples [start, end) for now, so their pages leave this
     * process's resident set. Safe even if someone reads them again: the page is faulted back in from
     * the page cache. Only whole pages inside the range are released.
     */
    public void release(long start, long end) {
        if (closed || start >= end) {
            return;
        }
        long pos = start << 1;
        long stop = end << 1;
        while (pos < stop) {
            int window = (int) (pos >>> windowShift);
            long windowStart = (long) window << windowShift;
            long windowEnd = Math.min(windowStart + mappings[window].capacity(), stop);
            PageReleaser.release(mappings[window], (int) (pos - windowStart), (int) (windowEnd - pos));
            pos = windowEnd;
        }
    }

    private IllegalStateException alreadyClosed() {
        return new IllegalStateException("already closed: " + path);
    }

    /**
     * Unmaps every window. The caller guarantees that no native code still reads a slice: touching
     * an unmapped page is a crash, not an exception. Closing twice is harmless.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            windows = null;
        }
        for (int i = 0; i < mappings.length; i++) {
            Unmapper.unmap(mappings[i]);
            mappings[i] = null;
        }
    }

    @Override
    public String toString() {
        return path.getFileName() + "[" + Timecode.format(0) + "–" + Timecode.format(duration()) + "]";
    }

    /** Unmaps eagerly through sun.misc.Unsafe (jdk.unsupported), as Lucene did before Panama; else leaves it to GC. */
    private static final class Unmapper {
        private static final Object UNSAFE;
        private static final Method INVOKE_CLEANER;

        static {
            Object unsafe = null;
            Method invoke = null;
            try {
                Class<?> c = Class.forName("sun.misc.Unsafe");
                Field f = c.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                unsafe = f.get(null);
                invoke = c.getMethod("invokeCleaner", ByteBuffer.class);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // No eager unmapping on this JVM: the GC unmaps once the buffers are unreachable.
            }
            UNSAFE = unsafe;
            INVOKE_CLEANER = invoke;
        }

        static void unmap(MappedByteBuffer buffer) {
            if (INVOKE_CLEANER == null || buffer == null) {
                return;
            }
            try {
                INVOKE_CLEANER.invoke(UNSAFE, buffer);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Left to the GC.
            }
        }
    }
}

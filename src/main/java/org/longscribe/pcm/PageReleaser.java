package org.longscribe.pcm;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * madvise(MADV_DONTNEED) on whole pages of a read-only file mapping: the pages leave the resident
 * set and are faulted back from the page cache if touched again. Linux only; a no-op elsewhere.
 */
final class PageReleaser {
    private static final int MADV_DONTNEED = 4;
    private static final boolean AVAILABLE;
    private static final long PAGE_SIZE = 4096;

    static {
        boolean ok = false;
        if (Platform.isLinux()) {
            try {
                Native.register(PageReleaser.class, Platform.C_LIBRARY_NAME);
                ok = true;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                ok = false;
            }
        }
        AVAILABLE = ok;
    }

    private static native int madvise(Pointer address, long length, int advice);

    private PageReleaser() {
    }

    static void release(java.nio.MappedByteBuffer mapping, int offset, int length) {
        if (!AVAILABLE || length <= 0) {
            return;
        }
        long base = Pointer.nativeValue(Native.getDirectBufferPointer(mapping));
        long from = (base + offset + PAGE_SIZE - 1) & -PAGE_SIZE;
        long to = (base + offset + length) & -PAGE_SIZE;
        if (to > from) {
            madvise(new Pointer(from), to - from, MADV_DONTNEED);
        }
        java.lang.ref.Reference.reachabilityFence(mapping);
    }
}

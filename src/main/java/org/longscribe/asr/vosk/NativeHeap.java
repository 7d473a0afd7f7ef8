package org.longscribe.asr.vosk;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.concurrent.atomic.AtomicLong;

/**
 * glibc's malloc, as Vosk allocates through it: a closed recognizer's decoder and graph cache (a
 * hundred MB and more) go back to malloc's free lists, where they stay resident, and the next
 * recognizer does not fit them exactly. Over hours of fresh recognizers the free but resident memory
 * grows (measured: anonymous RSS +120 MB over two hours with a recognizer every 10 minutes, while
 * what is in use stays flat). {@link #trim()} gives the free pages of every arena back to the kernel
 * ({@code malloc_trim(0)}, which since glibc 2.8 also releases free pages inside the heap). Elsewhere
 * (musl, macOS) it does nothing.
 */
public final class NativeHeap {
    private static final boolean AVAILABLE = load();
    private static final long TRIM_EVERY_NANOS = (long) (Double.parseDouble(System.getProperty("longscribe.trim-seconds", "5")) * 1e9);
    private static final AtomicLong lastTrim = new AtomicLong(System.nanoTime());

    private NativeHeap() {
    }

    private static boolean load() {
        if (!Platform.isLinux() || Boolean.getBoolean("longscribe.no-malloc-trim")) {
            return false;
        }
        try {
            Native.register(NativeHeap.class, Platform.C_LIBRARY_NAME);
            return true;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false; // not glibc
        }
    }

    private static native int malloc_trim(long pad);

    /** glibc's {@code struct mallinfo2} (2.33 and later): every field a size_t, summed over all arenas. */
    @com.sun.jna.Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
        "keepcost"})
    public static class MallInfo2 extends com.sun.jna.Structure {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;

        /** Returned by value. */
        public static class ByValue extends MallInfo2 implements com.sun.jna.Structure.ByValue {
        }
    }

    /** Bound on its own: a glibc without mallinfo2 must not cost {@link #trim()}. */
    private static final class Info {
        static final boolean BOUND = bind();

        private static boolean bind() {
            try {
                Native.register(Info.class, Platform.C_LIBRARY_NAME);
                return true;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                return false;
            }
        }

        static native MallInfo2.ByValue mallinfo2();
    }

    /**
     * What malloc holds: bytes in use by the program (small chunks and mmapped ones) and bytes free
     * but kept (in the arenas' free lists); null where glibc's mallinfo2 is missing. For telling
     * Vosk's own growth from the allocator's.
     */
    public static long[] inUseAndFree() {
        if (!AVAILABLE || !Info.BOUND) {
            return null;
        }
        try {
            MallInfo2 m = Info.mallinfo2();
            return new long[] {m.uordblks + m.hblkhd, m.fordblks};
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null; // glibc before 2.33
        }
    }

    /** Returns malloc's free memory to the kernel; a few milliseconds. */
    static void trim() {
        if (AVAILABLE) {
            malloc_trim(0);
            lastTrim.set(System.nanoTime());
        }
    }

    /**
     * {@link #trim()}, at most every few seconds (property longscribe.trim-seconds, default 5; 0 never):
     * a decoder frees as it goes, and within a 10-minute block those free lists grew the peak.
     */
    static void trimIfDue() {
        long last = lastTrim.get();
        if (TRIM_EVERY_NANOS > 0 && System.nanoTime() - last >= TRIM_EVERY_NANOS && lastTrim.compareAndSet(last, System.nanoTime())) {
            trim();
        }
    }
}

package org.longscribe.asr.vosk;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * glibc's malloc, as Vosk allocates through it: a closed recognizer's decoder and graph cache (a
 * hundred MB and more) go back to malloc's free lists, where they stay resident, and the next
 * recognizer does not fit them exactly. Over hours of fresh recognizers the free but resident memory
 * grows (measured: anonymous RSS +120 MB over two hours with a recognizer every 10 minutes, while
 * what is in use stays flat). {@link #trim()} gives the free pages of every arena back to the kernel
 * ({@code malloc_trim(0)}, which since glibc 2.8 also releases free pages inside the heap). Elsewhere
 * (musl, macOS) it does nothing.
 */
final class NativeHeap {
    private static final boolean AVAILABLE = load();

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

    /** Returns malloc's free memory to the kernel; a few milliseconds. */
    static void trim() {
        if (AVAILABLE) {
            malloc_trim(0);
        }
    }
}

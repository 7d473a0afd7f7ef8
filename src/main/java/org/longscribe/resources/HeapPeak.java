package org.longscribe.resources;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * The Java heap's peak use in this JVM, reported to a benchmark parent as one line
 * {@code BENCH heap_peak_mb=... exit=...} (the parent samples RSS from /proc; the heap it cannot see).
 */
public final class HeapPeak {
    /** Set this system property to true and the CLI ends with the line (see {@code bench}). */
    public static final String PROPERTY = "longscribe.report-heap";

    private HeapPeak() {
    }

    public static double megabytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / 1048576.0;
    }

    public static void report(int exit, PrintStream out) {
        out.printf(Locale.ROOT, "BENCH heap_peak_mb=%.1f exit=%d%n", megabytes(), exit);
        out.flush();
    }
}

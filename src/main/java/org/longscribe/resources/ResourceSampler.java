package org.longscribe.resources;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Samples a process's memory and CPU from /proc, as psrecord does: resident set split into anonymous
 * and file-backed pages (a mapped file counts in RSS while its pages are resident), and CPU time,
 * every {@code interval}. Linux only; elsewhere it records nothing.
 */
public final class ResourceSampler implements AutoCloseable {
    /**
     * One reading.
     *
     * @param seconds    since sampling started
     * @param anonKb     anonymous resident memory (heap, native allocations)
     * @param fileKb     file-backed resident memory (mapped files, libraries)
     * @param cpuSeconds user + system CPU time so far
     * @param mallocInUseKb what malloc has handed out and not had back (Vosk's decoders, caches, the
     *                   model), -1 when not known (another process, or no glibc)
     * @param mallocFreeKb  what malloc holds free in its arenas (resident until trimmed), -1 when not known
     * @param heapUsedKb    the Java heap's objects, live and not yet collected; -1 for another process
     * @param heapCommittedKb what the Java heap has reserved from the system (resident once touched); -1
     *                   for another process
     */
    public record Sample(double seconds, long anonKb, long fileKb, double cpuSeconds, long mallocInUseKb, long mallocFreeKb,
            long heapUsedKb, long heapCommittedKb) {
        public Sample(double seconds, long anonKb, long fileKb, double cpuSeconds) {
            this(seconds, anonKb, fileKb, cpuSeconds, -1, -1, -1, -1);
        }

        public long rssKb() {
            return anonKb + fileKb;
        }
    }

    private static final boolean MALLOC_STATS = Boolean.getBoolean("longscribe.malloc-stats");
    private static final double CLOCK_TICKS = 100.0; // USER_HZ, 100 on every Linux we target

    private final long pid;
    /** Sampling this very process: then the heap (and, when asked, malloc) can be read from inside. */
    private final boolean self;
    private final long intervalNanos;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private final long started = System.nanoTime();
    private volatile boolean running = true;

    private ResourceSampler(long pid, long intervalMillis) {
        this.pid = pid;
        this.self = pid == ProcessHandle.current().pid();
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.thread = new Thread(this::loop, "resource-sampler");
        thread.setDaemon(true);
    }

    /** Starts sampling {@code pid} every {@code intervalMillis} on a daemon thread. */
    public static ResourceSampler start(long pid, long intervalMillis) {
        ResourceSampler s = new ResourceSampler(pid, intervalMillis);
        s.thread.start();
        return s;
    }

    public static boolean supported() {
        return Files.isReadable(Path.of("/proc/self/status"));
    }

    private void loop() {
        long next = System.nanoTime();
        while (running) {
            Sample s = read();
            if (s == null || (s.rssKb() == 0 && !samples.isEmpty())) {
                return; // the process has exited (a zombie shows no memory)
            }
            synchronized (samples) {
                samples.add(s);
            }
            next += intervalNanos;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private Sample read() {
        try {
            long anon = 0;
            long file = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("RssAnon:")) {
                    anon = kb(line);
                } else if (line.startsWith("RssFile:") || line.startsWith("RssShmem:")) {
                    file += kb(line);
                }
            }
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS; // utime, stime
            // malloc's own account, when the process sampled is this one (transcribe --resource-log).
            // Only when asked (-Dlongscribe.malloc-stats=true): mallinfo2 walks the free lists under the arenas'
            // locks, which slowed a 20-minute run by a third when taken every 100 ms.
            long[] malloc = MALLOC_STATS && self ? org.longscribe.asr.vosk.NativeHeap.inUseAndFree() : null;
            // The heap's share of anonymous memory, so that heap growth and native growth can be told apart.
            MemoryUsage heap = self ? ManagementFactory.getMemoryMXBean().getHeapMemoryUsage() : null;
            return new Sample((System.nanoTime() - started) / 1e9, anon, file, cpu, malloc == null ? -1 : malloc[0] / 1024,
                    malloc == null ? -1 : malloc[1] / 1024, heap == null ? -1 : heap.getUsed() / 1024,
                    heap == null ? -1 : heap.getCommitted() / 1024);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** Stops sampling and returns what was recorded. */
    public List<Sample> stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The highest total RSS seen, with its split. */
    public static Sample peak(List<Sample> samples) {
        Sample peak = new Sample(0, 0, 0, 0);
        for (Sample s : samples) {
            if (s.rssKb() > peak.rssKb()) {
                peak = s;
            }
        }
        return peak;
    }
}

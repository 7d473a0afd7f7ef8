package org.longscribe.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.longscribe.job.Progress;
import org.longscribe.store.OutputStore;
import org.longscribe.transcript.TranscriptSegment;

/**
 * Keeps the output store's copy of a recording's journal up to date while the recording is
 * transcribed, so that a lost executor's work is not lost with it: every {@code seconds}, a whole copy
 * of the local journal when it has grown.
 *
 * <p>On a timer of its own, not on merges: the workers journal each slice as soon as they have heard
 * it, in any order, and a block finished while the first one still runs is merged only when the first
 * one is (a 10-minute block: half a minute of CPU or more); copied at merges only, its lines would
 * reach the store that much later, and a task lost meanwhile would recognise it again.
 *
 * <p>A copy that fails is reported at the next merge ({@link #segment}), which fails the recording,
 * as a store that cannot take the journal will not take the transcript either. {@link #close} stops the
 * copies and waits for one in flight, so that the store's journal, once removed, stays removed.
 */
final class JournalCopy implements Progress, AutoCloseable {
    private final OutputStore store;
    private final String name;
    private final Path local;
    private final ScheduledExecutorService timer;
    private long copied = -1; // size of the local journal at the last copy; touched by the timer's thread only
    private volatile Exception failure;

    /**
     * @param store   where the journal is kept between attempts
     * @param name    the journal's name in {@code store}
     * @param local   the journal the transcriber writes
     * @param seconds between copies (0: as often as a small pause allows, for tests)
     */
    JournalCopy(OutputStore store, String name, Path local, double seconds) {
        this.store = store;
        this.name = name;
        this.local = local;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "longscribe-journal-copy");
            t.setDaemon(true); // never what keeps an executor's JVM alive
            return t;
        });
        long every = Math.max(10_000L, Math.round(seconds * 1e6)); // microseconds
        timer.scheduleWithFixedDelay(this::copyIfGrown, every, every, TimeUnit.MICROSECONDS);
    }

    private void copyIfGrown() {
        if (failure != null) {
            return;
        }
        try {
            long size = Files.isRegularFile(local) ? Files.size(local) : -1;
            if (size > 0 && size != copied) {
                // A whole copy under a temporary name, renamed: the store's journal is always one attempt's,
                // whole up to its last line (a line being written as it is copied is cut, and left out when read).
                store.write(name, out -> Files.copy(local, out));
                copied = size;
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    @Override
    public void segment(TranscriptSegment segment) throws IOException {
        Exception e = failure;
        if (e instanceof IOException io) {
            throw io;
        }
        if (e != null) {
            throw new IOException("could not keep the journal in the output store: " + e, e);
        }
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            // A copy takes as long as the store does: an HDFS write can take a while, never for ever.
            if (!timer.awaitTermination(5, TimeUnit.MINUTES)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the task is being killed: its journal may as well be copied
        }
    }
}

package org.longscribe.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.longscribe.job.Progress;
import org.longscribe.pcm.Timecode;

/** Plain progress lines on stderr, at most one every few seconds; nothing with --quiet. */
final class ProgressPrinter implements Progress {
    private static final long INTERVAL_NANOS = 5_000_000_000L;
    private final PrintWriter err;
    private final String name;
    private final long started = System.nanoTime();
    private long lastPrinted = started;
    private double duration;

    ProgressPrinter(PrintWriter err, String name) {
        this.err = err;
        this.name = name;
    }

    private long decodeStarted;

    // No line when decoding starts: a file that turns out undecodable gets exactly one line, the error.
    @Override
    public void decoding() {
        decodeStarted = System.nanoTime();
    }

    @Override
    public void mapped(double duration) {
        this.duration = duration;
        String decoded = decodeStarted == 0 ? " (16 kHz mono WAV, mapped as is)"
                : String.format(Locale.ROOT, " (decoded in %.1f s)", (System.nanoTime() - decodeStarted) / 1e9);
        err.println("longscribe: " + name + ": " + Timecode.format(duration) + " of audio" + decoded);
        err.flush();
    }

    @Override
    public void recognizedUpTo(double seconds) {
        long now = System.nanoTime();
        if (now - lastPrinted < INTERVAL_NANOS || duration <= 0) {
            return;
        }
        lastPrinted = now;
        double elapsed = (now - started) / 1e9;
        double speed = seconds / Math.max(elapsed, 1e-9);
        double eta = speed > 0 ? (duration - seconds) / speed : 0;
        err.println(String.format(Locale.ROOT, "longscribe: %s: %3.0f%%  %s of %s  %.1fx realtime  ETA %s", name,
                100 * seconds / duration, Timecode.format(seconds), Timecode.format(duration), speed, Timecode.format(eta)));
        err.flush();
    }
}

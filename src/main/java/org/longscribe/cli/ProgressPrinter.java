package org.longscribe.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.longscribe.job.Progress;
import org.longscribe.pcm.Timecode;

/**
 * Progress on stderr: on a terminal one status line rewritten in place (percent of audio, elapsed,
 * ETA, speed), else a plain line every few seconds, for logs; nothing with --quiet.
 */
final class ProgressPrinter implements Progress {
    private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;
    private static final long TTY_INTERVAL_NANOS = 200_000_000L;
    private final PrintWriter err;
    private final String name;
    private final boolean tty;
    private final StatusLine status;
    private final long started = System.nanoTime();
    private long lastPrinted = started;
    private long speedFrom = started;
    private double duration;

    ProgressPrinter(PrintWriter err, String name, boolean tty) {
        this.err = err;
        this.name = name;
        this.tty = tty;
        this.status = new StatusLine(err, tty);
    }

    private long decodeStarted;
    private double resumedAudio;
    /** Where results are in, and how much of that came from a journal. */
    private double position;
    private double taken;
    private boolean decodedBefore;

    // No line when decoding starts: a file that turns out undecodable gets exactly one line, the error.
    @Override
    public void decoding() {
        decodeStarted = System.nanoTime();
    }

    @Override
    public void decodedBefore() {
        decodedBefore = true;
    }

    @Override
    public void mapped(double duration) {
        this.duration = duration;
        String decoded = decodedBefore ? " (decoded by the interrupted run, kept for this one)"
                : decodeStarted == 0 ? " (16 kHz mono WAV, mapped as is)"
                : String.format(Locale.ROOT, " (decoded in %.1f s)", (System.nanoTime() - decodeStarted) / 1e9);
        err.println("longscribe: " + name + ": " + Timecode.format(duration) + " of audio" + decoded);
        err.flush();
    }

    @Override
    public void recognizedUpTo(double seconds) {
        position = seconds;
        show();
    }

    @Override
    public void takenUpTo(double seconds) {
        taken += seconds - position;
        position = seconds;
        show();
    }

    private void show() {
        long now = System.nanoTime();
        if (now - lastPrinted < (tty ? TTY_INTERVAL_NANOS : LINE_INTERVAL_NANOS) || duration <= 0) {
            return;
        }
        lastPrinted = now;
        double elapsed = (now - started) / 1e9;
        // Speed and ETA of this run's own recognition: what came from a journal is neither done by it nor left to do.
        double speed = Math.max(0, position - taken) / Math.max((now - speedFrom) / 1e9, 1e-9);
        double left = Math.max(0, duration - position - (resumedAudio - taken));
        String eta = speed > 0 ? Timecode.format(left / speed).substring(0, 8) : "--:--:--";
        String text = String.format(Locale.ROOT, "longscribe: %s: %3.0f%%  %s of %s  elapsed %s  ETA %s  %.1fx realtime", name,
                100 * position / duration, Timecode.format(position).substring(0, 8), Timecode.format(duration).substring(0, 8),
                Timecode.format(elapsed).substring(0, 8), eta, speed);
        status.update(text);
    }

    @Override
    public void resumed(int slices, int of, double seconds) {
        resumedAudio = seconds;
        speedFrom = System.nanoTime(); // speed and ETA from the new work only
        status.line("longscribe: " + name + ": resuming: " + slices + " of " + of + " slices (" + Timecode.format(seconds).substring(0, 8)
                + " of audio) done by the interrupted run, taken from its journal");
    }

    @Override
    public void note(String message) {
        status.line("longscribe: " + name + ": " + message);
    }

    /** Clears the status line before the summary (terminal only). */
    void finish() {
        status.clear();
    }
}

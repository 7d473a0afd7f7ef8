package org.longscribe.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.longscribe.fetch.Downloader;

/** A download's progress as a status line redrawn in place, on a terminal only (logs get the start and end lines). */
final class DownloadProgress implements Downloader.Listener {
    private final StatusLine status;
    private final String what;
    private long lastDrawn = -1;

    private DownloadProgress(PrintWriter err, String what) {
        this.status = new StatusLine(err, true);
        this.what = what;
    }

    /** A listener for {@code what}, or null when stderr is not a terminal or progress is not wanted. */
    static DownloadProgress onTerminal(PrintWriter err, String what, boolean quiet) {
        return quiet || System.console() == null ? null : new DownloadProgress(err, what);
    }

    @Override
    public void progress(long bytes, long total) {
        long now = System.nanoTime();
        boolean done = total >= 0 && bytes >= total;
        if (!done && lastDrawn >= 0 && now - lastDrawn < 200_000_000L) {
            return;
        }
        lastDrawn = now;
        status.update(total > 0
                ? String.format(Locale.ROOT, "longscribe: downloading %s: %.1f of %.1f MB (%.0f%%)", what, bytes / 1e6, total / 1e6,
                        100.0 * bytes / total)
                : String.format(Locale.ROOT, "longscribe: downloading %s: %.1f MB", what, bytes / 1e6));
        if (done) {
            status.clear();
        }
    }
}

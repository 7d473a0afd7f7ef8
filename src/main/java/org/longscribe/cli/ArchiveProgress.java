package org.longscribe.cli;

import java.io.PrintWriter;
import org.longscribe.archive.Archive;

/**
 * An archive update as the terminal shows it: on a terminal, "indexing N/M" in the status line
 * when there is more than one transcript to index; notes as lines (unless quiet).
 */
class ArchiveProgress implements Archive.Listener {
    private final PrintWriter err;
    private final boolean quiet;
    private final StatusLine status;

    ArchiveProgress(PrintWriter err, boolean quiet, StatusLine status) {
        this.err = err;
        this.quiet = quiet;
        this.status = status;
    }

    @Override
    public void indexing(int position, int of, String json) {
        if (!quiet && of > 1) {
            status.updateOnTerminal("indexing " + position + "/" + of + " " + TerminalText.escape(json));
            if (position == of) {
                status.clear();
            }
        }
    }

    @Override
    public void note(String line) {
        if (!quiet) {
            status.clear();
            err.println("longscribe: " + TerminalText.escape(line));
            err.flush();
        }
    }
}

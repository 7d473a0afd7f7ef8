package org.longscribe.cli;

import java.io.PrintWriter;

/**
 * One status line on stderr: on a terminal rewritten in place (carriage return, erase line); off a
 * terminal (cron, a log file) either a plain line per update or nothing, as the caller chooses, so
 * logs get no escape codes.
 */
final class StatusLine {
    private static final String ERASE = "\r\033[K";
    private final PrintWriter err;
    private final boolean tty;
    private boolean shown;

    StatusLine(PrintWriter err, boolean tty) {
        this.err = err;
        this.tty = tty;
    }

    /** The status now: redrawn on a terminal, a line of its own elsewhere. */
    void update(String text) {
        if (tty) {
            err.print(ERASE + text);
            shown = true;
        } else {
            err.println(text);
        }
        err.flush();
    }

    /** The status now, on a terminal only. */
    void updateOnTerminal(String text) {
        if (tty) {
            update(text);
        }
    }

    /** Erases the status line, if one is shown, so that a normal line can follow. */
    void clear() {
        if (shown) {
            err.print(ERASE);
            err.flush();
            shown = false;
        }
    }

    /** Leaves the status line as it is and moves to a new line (a finished download stays visible). */
    void keep() {
        if (shown) {
            err.println();
            err.flush();
            shown = false;
        }
    }

    /** A normal line, printed below (instead of) any status line. */
    void line(String text) {
        clear();
        err.println(text);
        err.flush();
    }
}

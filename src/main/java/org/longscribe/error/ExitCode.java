package org.longscribe.error;

/** The process exit codes, pinned for scripts and cron jobs (values from sysexits.h). */
public final class ExitCode {
    public static final int OK = 0;
    public static final int USAGE = 2;
    public static final int DATA_ERROR = 65;
    public static final int NO_INPUT = 66;
    public static final int INTERNAL = 70;
    public static final int CANT_CREATE = 73;
    /** Another run holds what this one needs; try again later. */
    public static final int TEMP_FAIL = 75;

    private ExitCode() {
    }
}

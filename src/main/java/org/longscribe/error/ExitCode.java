package org.longscribe.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every exit code longscribe returns, pinned for scripts and cron jobs (values from sysexits.h and
 * the shell's 128 + signal), with what each means; the commands' {@code --help} lists are made from here.
 */
public final class ExitCode {
    public static final int OK = 0;
    /** batch: some inputs failed (named on stderr and in the log); the others were done. */
    public static final int SOME_FAILED = 1;
    public static final int USAGE = 2;
    public static final int DATA_ERROR = 65;
    public static final int NO_INPUT = 66;
    /** A server longscribe needs (the model list, a download) cannot be reached. */
    public static final int UNAVAILABLE = 69;
    public static final int INTERNAL = 70;
    public static final int CANT_CREATE = 73;
    /** Another run holds what this one needs; try again later. */
    public static final int TEMP_FAIL = 75;
    /** Ctrl-C (SIGINT): temporary files removed, a journal kept for a resume. */
    public static final int INTERRUPTED = 130;
    /** SIGTERM (systemd, kill): as for Ctrl-C. */
    public static final int TERMINATED = 143;

    private static final Map<Integer, String> MEANINGS = new LinkedHashMap<>();

    static {
        MEANINGS.put(OK, "done (batch: every input transcribed or up to date)");
        MEANINGS.put(SOME_FAILED, "batch: some inputs failed; the others were done");
        MEANINGS.put(USAGE, "usage error (a bad option, a --model that is not a Vosk model, an unknown model name)");
        MEANINGS.put(DATA_ERROR, "the input cannot be decoded as audio (models get: a corrupt download)");
        MEANINGS.put(NO_INPUT, "the input (or IN_DIR) is missing or unreadable");
        MEANINGS.put(UNAVAILABLE, "a server cannot be reached (the model list, a download)");
        MEANINGS.put(INTERNAL, "internal error");
        MEANINGS.put(CANT_CREATE, "an output cannot be written (including a full disk)");
        MEANINGS.put(TEMP_FAIL, "another run is writing the same output (or OUT_DIR); try later");
        MEANINGS.put(INTERRUPTED, "stopped by Ctrl-C; run the same command again to resume");
        MEANINGS.put(TERMINATED, "stopped by SIGTERM; run the same command again to resume");
    }

    private ExitCode() {
    }

    /** What {@code code} means, in a few words. */
    public static String meaning(int code) {
        String m = MEANINGS.get(code);
        if (m == null) {
            throw new IllegalArgumentException("not a longscribe exit code: " + code);
        }
        return m;
    }

    /** Every code, in order. */
    public static int[] all() {
        return MEANINGS.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    /** The codes and their meanings as picocli lists them under "Exit codes:" ({@code "  65"} to its meaning). */
    public static Map<String, String> helpList(int... codes) {
        Map<String, String> list = new LinkedHashMap<>();
        for (int code : codes) {
            list.put(String.format("%4d", code), meaning(code));
        }
        return list;
    }
}

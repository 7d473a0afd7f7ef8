package org.longscribe.pcm;

import java.util.Locale;

/** Formats seconds as HH:MM:SS.cc for messages and slice names. */
public final class Timecode {
    private Timecode() {
    }

    public static String format(double seconds) {
        long centis = Math.round(seconds * 100);
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%02d",
                centis / 360_000, centis / 6_000 % 60, centis / 100 % 60, centis % 100);
    }
}

package org.longscribe.fetch;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** What a download's headers say about the file. */
public final class Downloads {
    private Downloads() {
    }

    /** The server's Last-Modified as ISO 8601 (UTC); the download's time when it sent none. */
    public static String modified(Downloader.Download d) {
        if (d.lastModified() != null) {
            try {
                return ZonedDateTime.parse(d.lastModified(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toString();
            } catch (DateTimeParseException e) {
                // fall through
            }
        }
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}

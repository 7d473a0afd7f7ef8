package org.longscribe.fetch;

import java.time.Duration;

/**
 * How long longscribe waits on a server, for every request it makes (feeds, enclosures, URLs, the
 * model list, model zips, conditional requests). A nightly job must end: a server that never
 * accepts, accepts and never answers, or answers a byte at a time, makes that one request fail.
 *
 * @param connect    the TCP (and TLS) connection
 * @param firstByte  from the request to the response's headers, and any silence in the body after them
 * @param speedLimit bytes per second: a body slower than this ...
 * @param speedTime  ... measured over this long is given up (curl's --speed-limit / --speed-time)
 */
public record NetworkLimits(Duration connect, Duration firstByte, long speedLimit, Duration speedTime) {
    /** What suits a nightly job: slow servers are fine, stuck ones are not. */
    public static final NetworkLimits DEFAULTS = new NetworkLimits(Duration.ofSeconds(30), Duration.ofSeconds(60),
            1000, Duration.ofSeconds(60));

    public NetworkLimits {
        if (connect.isNegative() || connect.isZero() || firstByte.isNegative() || firstByte.isZero()
                || speedTime.isNegative() || speedTime.isZero() || speedLimit < 0) {
            throw new IllegalArgumentException("network limits must be positive: " + connect + ", " + firstByte
                    + ", " + speedLimit + " B/s over " + speedTime);
        }
    }

    /** The rules in words, for messages and the README. */
    public String describe() {
        return "connect " + seconds(connect) + ", first byte " + seconds(firstByte) + ", at least " + speedLimit
                + " bytes/s over " + seconds(speedTime);
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}

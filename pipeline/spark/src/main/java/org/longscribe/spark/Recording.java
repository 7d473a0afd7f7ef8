package org.longscribe.spark;

import java.io.Serializable;

/**
 * One input of the job, as the driver listed it.
 *
 * @param uri       where it is (any Hadoop file system: file://, hdfs://, s3a://)
 * @param relative  its path under the input root, mirrored under the output directory
 * @param size      bytes, and {@code modified} (ms since the epoch): what a transcript must record to be up to date
 * @param seconds   its duration, from the container's header or estimated from its size; balances the tasks
 *                  (a part's: its share)
 * @param part      which part of a recording cut into {@code parts} (0 of 1: the whole recording)
 */
public record Recording(String uri, String relative, long size, long modified, double seconds, int part, int parts)
        implements Serializable {
    /** A whole recording. */
    public Recording(String uri, String relative, long size, long modified, double seconds) {
        this(uri, relative, size, modified, seconds, 0, 1);
    }

    public Recording withSeconds(double s) {
        return new Recording(uri, relative, size, modified, s, part, parts);
    }

    /** Part {@code part} of {@code parts} of this (whole) recording, with its share of the duration. */
    public Recording part(int part, int parts) {
        return new Recording(uri, relative, size, modified, seconds / parts, part, parts);
    }

    /** The whole recording this is a part of. */
    public Recording whole() {
        return new Recording(uri, relative, size, modified, seconds * parts, 0, 1);
    }
}

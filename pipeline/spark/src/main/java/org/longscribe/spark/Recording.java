package org.longscribe.spark;

import java.io.Serializable;

/**
 * One input of the job, as the driver listed it.
 *
 * @param uri       where it is (any Hadoop file system: file://, hdfs://, s3a://)
 * @param relative  its path under the input root, mirrored under the output directory
 * @param size      bytes, and {@code modified} (ms since the epoch): what a transcript must record to be up to date
 * @param seconds   its duration, from the container's header or estimated from its size; balances the tasks
 */
public record Recording(String uri, String relative, long size, long modified, double seconds) implements Serializable {
    public Recording withSeconds(double s) {
        return new Recording(uri, relative, size, modified, s);
    }
}

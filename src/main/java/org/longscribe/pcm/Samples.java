package org.longscribe.pcm;

/**
 * 16 kHz mono 16-bit samples, addressed by index. The segmenter reads through this, so it can be
 * tested on an array and run on a mapped file.
 */
public interface Samples {
    int SAMPLE_RATE = 16_000;

    /** The number of samples. */
    long count();

    /** The sample at {@code index}, 0 &lt;= index &lt; count(). */
    short at(long index);
}

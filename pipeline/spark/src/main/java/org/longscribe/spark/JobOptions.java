package org.longscribe.spark;

import java.io.Serializable;
import java.util.List;
import org.longscribe.transcript.OutputFormat;

/**
 * What every task needs to know, shipped with the closure.
 *
 * @param output   the output root URI
 * @param model    the model directory as the executors see it (a path on every node, or an
 *                 {@code --archives} alias relative to the executor's working directory)
 * @param threads  recognizer threads per executor JVM (its cores)
 * @param scratch  local directory for copies of remote recordings and decoded WAVs
 */
public record JobOptions(String output, List<OutputFormat> formats, String model, int threads, String scratch)
        implements Serializable {
    public JobOptions {
        formats = List.copyOf(formats);
    }
}

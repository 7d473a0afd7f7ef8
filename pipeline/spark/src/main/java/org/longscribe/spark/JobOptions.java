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
 * @param hadoop   the driver's Hadoop settings (spark.hadoop.*, credentials, file system classes), so
 *                 executors open the same URIs the driver listed
 * @param reproducible transcripts independent of executor cores and of what else an executor
 *                 transcribed (the CLI's --reproducible)
 */
public record JobOptions(String output, List<OutputFormat> formats, String model, int threads, String scratch,
                         java.util.Map<String, String> hadoop, boolean reproducible) implements Serializable {
    public JobOptions {
        formats = List.copyOf(formats);
        hadoop = java.util.Map.copyOf(hadoop);
    }

    public JobOptions(String output, List<OutputFormat> formats, String model, int threads, String scratch) {
        this(output, formats, model, threads, scratch, java.util.Map.of(), false);
    }

    /** The same options, reproducible or not. */
    public JobOptions withReproducible(boolean on) {
        return new JobOptions(output, formats, model, threads, scratch, hadoop, on);
    }

    /** The same options, carrying {@code conf}'s settings to the executors. */
    public JobOptions withHadoop(org.apache.hadoop.conf.Configuration conf) {
        java.util.Map<String, String> settings = new java.util.HashMap<>();
        conf.forEach(e -> settings.put(e.getKey(), e.getValue()));
        return new JobOptions(output, formats, model, threads, scratch, settings, reproducible);
    }

    /** A Hadoop configuration with the driver's settings. */
    public org.apache.hadoop.conf.Configuration hadoopConfiguration() {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        hadoop.forEach(conf::set);
        return conf;
    }
}

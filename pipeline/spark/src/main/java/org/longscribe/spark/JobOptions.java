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
 * @param speakerModel the speaker model directory as the executors see it, or null without --speakers
 * @param speakers  -1 without --speakers, 0 to find the number of speakers, else the number
 * @param splitSeconds a recording longer than this and than a task's share of the audio is cut into
 *                 parts recognised by separate tasks (with the block schedule); 0: never
 * @param journalKey the driver user's journal key ({@link org.longscribe.store.RunKey}), base64: the
 *                 job-wide secret with which the journals and parts it keeps in the output store prove
 *                 they are this job's, whichever executor wrote them; a planted one is not taken
 */
public record JobOptions(String output, List<OutputFormat> formats, String model, int threads, String scratch,
                         java.util.Map<String, String> hadoop, boolean reproducible, String speakerModel, int speakers,
                         double splitSeconds, String journalKey) implements Serializable {
    /** The default of --split-over: 20 minutes. */
    public static final double SPLIT_SECONDS = 1200;

    public JobOptions {
        formats = List.copyOf(formats);
        hadoop = java.util.Map.copyOf(hadoop);
    }

    public JobOptions(String output, List<OutputFormat> formats, String model, int threads, String scratch) {
        this(output, formats, model, threads, scratch, java.util.Map.of(), true, null, -1, SPLIT_SECONDS,
                java.util.Base64.getEncoder().encodeToString(org.longscribe.store.RunKey.current().bytes()));
    }

    /** The same options, reproducible or not. */
    public JobOptions withReproducible(boolean on) {
        return new JobOptions(output, formats, model, threads, scratch, hadoop, on, speakerModel, speakers, splitSeconds, journalKey);
    }

    /** The same options with speaker labels from {@code model} ({@code count} 0: found), or without (model null). */
    public JobOptions withSpeakers(String model, int count) {
        return new JobOptions(output, formats, this.model, threads, scratch, hadoop, reproducible, model,
                model == null ? -1 : count, splitSeconds, journalKey);
    }

    /** The same options, cutting recordings longer than {@code seconds} (0: never). */
    public JobOptions withSplitOver(double seconds) {
        return new JobOptions(output, formats, model, threads, scratch, hadoop, reproducible, speakerModel, speakers, seconds, journalKey);
    }

    /** The pipeline's speaker settings, or null without labels. */
    public org.longscribe.job.Pipeline.Speakers pipelineSpeakers() {
        return speakerModel == null ? null : new org.longscribe.job.Pipeline.Speakers(java.nio.file.Path.of(speakerModel),
                speakers);
    }

    /** The same options, carrying {@code conf}'s settings to the executors. */
    public JobOptions withHadoop(org.apache.hadoop.conf.Configuration conf) {
        java.util.Map<String, String> settings = new java.util.HashMap<>();
        conf.forEach(e -> settings.put(e.getKey(), e.getValue()));
        return new JobOptions(output, formats, model, threads, scratch, settings, reproducible, speakerModel, speakers, splitSeconds, journalKey);
    }

    /** Makes this job's key the one this process signs and checks journals with. */
    public void useJournalKey() {
        org.longscribe.store.RunKey.use(java.util.Base64.getDecoder().decode(journalKey));
    }

    /** A Hadoop configuration with the driver's settings. */
    public org.apache.hadoop.conf.Configuration hadoopConfiguration() {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        hadoop.forEach(conf::set);
        return conf;
    }
}

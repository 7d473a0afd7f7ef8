package org.longscribe.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.longscribe.store.TempFiles;
import org.longscribe.batch.RecordingOutputs;
import org.longscribe.error.LongscribeException;
import org.longscribe.job.Pipeline;
import org.longscribe.job.Progress;
import org.longscribe.job.Transcriber;
import org.longscribe.transcript.Transcript;

/**
 * The core pipeline inside an executor: one Vosk model and one set of recognizer threads per JVM,
 * created by the first task that needs them and shared by every task after it (a model is loaded
 * once per executor, not once per task or per file). A job with other settings in the same JVM
 * (local mode, tests) gets a new one.
 */
final class ExecutorPipeline {
    private static ExecutorPipeline shared;

    /** What a shared pipeline was made for. */
    private record Key(Path modelDir, int threads, boolean reproducible, Pipeline.Speakers speakers) {
    }
    /** Models loaded by this JVM (tests check that it is one). */
    static final java.util.concurrent.atomic.AtomicInteger MODEL_LOADS = new java.util.concurrent.atomic.AtomicInteger();

    private final Key key;
    private final Pipeline pipeline;
    private final Transcriber transcriber;
    private final String executor;

    private ExecutorPipeline(Key key) throws IOException {
        // Lives as long as the executor (or until a job with other settings): its threads are daemons.
        this.key = key;
        this.pipeline = Pipeline.open(key.modelDir(), Pipeline.Settings.defaults(key.threads(), key.reproducible())
                .withSpeakers(key.speakers()), false);
        this.transcriber = pipeline.transcriber();
        MODEL_LOADS.incrementAndGet();
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        this.executor = host + ":" + ProcessHandle.current().pid();
    }

    /** This JVM's pipeline; the first call loads the model (the same directory and threads on every call). */
    static synchronized ExecutorPipeline get(Path modelDir, int threads, boolean reproducible, Pipeline.Speakers speakers)
            throws IOException {
        Key key = new Key(modelDir, threads, reproducible, speakers);
        if (shared != null && !shared.key.equals(key)) {
            shared.pipeline.close(); // the previous job's tasks are done: Spark runs one job's stage at a time here
            shared = null;
        }
        if (shared == null) {
            shared = new ExecutorPipeline(key);
        }
        return shared;
    }

    String executor() {
        return executor;
    }

    /**
     * Transcribes {@code r} into {@code outputs} unless they are complete and up to date. Never
     * throws for a bad recording: that becomes a failed row.
     */
    ManifestRow process(Recording r, JobOptions options, int partition) {
        long t0 = System.nanoTime();
        try {
            Configuration conf = options.hadoopConfiguration();
            RecordingOutputs outputs = new RecordingOutputs(HadoopStore.at(options.output(), conf), r.relative(),
                    options.formats());
            Optional<JsonNode> existing = outputs.upToDate(r.size(), r.modified(), options.speakers());
            if (existing.isPresent()) {
                return new ManifestRow(r.uri(), r.relative(), "skipped", existing.get().path("duration").asDouble(),
                        countWords(existing.get()), existing.get().path("segments").size(), null, seconds(t0), partition,
                        executor);
            }
            Transcript transcript = transcribe(r, options, conf);
            outputs.write(transcript, f -> f.writer(null, r.uri())); // an html page finds the recording by its URI
            int words = transcript.segments().stream().mapToInt(s -> s.words().size()).sum();
            return new ManifestRow(r.uri(), r.relative(), "ok", transcript.duration(), words, transcript.segments().size(),
                    null, seconds(t0), partition, executor);
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof LongscribeException le ? le.problem() : String.valueOf(e.getMessage());
            return new ManifestRow(r.uri(), r.relative(), "failed", 0, 0, 0, reason == null ? e.toString() : reason,
                    seconds(t0), partition, executor);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the task was killed: Spark retries it
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A local file is read in place; anything else is copied to local scratch first (FFmpeg and the mapping need a file). */
    private Transcript transcribe(Recording r, JobOptions options, Configuration conf)
            throws IOException, InterruptedException {
        Path scratch = Path.of(options.scratch());
        Files.createDirectories(scratch);
        Optional<Path> local = HadoopFiles.localPath(r.uri());
        if (local.isPresent()) {
            return transcriber.transcribe(local.get(), scratch, Progress.NONE);
        }
        Path copyDir = Files.createTempDirectory(scratch, "longscribe-spark-");
        TempFiles.register(copyDir);
        try {
            org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(URI.create(r.uri()));
            Path copy = copyDir.resolve(source.getName());
            FileSystem fs = source.getFileSystem(conf);
            try (InputStream in = fs.open(source)) {
                Files.copy(in, copy);
            }
            // The copy carries the original's time, so the transcript records what identifies the original.
            Files.setLastModifiedTime(copy, FileTime.fromMillis(r.modified()));
            Transcript t = transcriber.transcribe(copy, scratch, Progress.NONE);
            Transcript.Source s = t.source();
            return new Transcript(t.text(), t.duration(), t.segments(), new Transcript.Source(r.uri(), s.size(),
                    s.modified(), s.container(), s.codec(), s.sampleRate(), s.channels(), s.video()), t.model(), t.timings(), t.speakers());
        } finally {
            TempFiles.delete(copyDir);
        }
    }

    private static int countWords(JsonNode transcript) {
        int n = 0;
        for (JsonNode s : transcript.path("segments")) {
            n += s.path("words").size();
        }
        return n;
    }

    private static double seconds(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e6) / 1000.0;
    }
}

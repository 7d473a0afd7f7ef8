package org.longscribe.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.longscribe.TempFiles;
import org.longscribe.asr.ParallelRecognizer;
import org.longscribe.asr.vosk.VoskModel;
import org.longscribe.asr.vosk.VoskSegmentRecognizer;
import org.longscribe.batch.BatchPlan;
import org.longscribe.decode.AudioPreparer;
import org.longscribe.decode.FfmpegDecoder;
import org.longscribe.error.LongscribeException;
import org.longscribe.job.Progress;
import org.longscribe.job.Transcriber;
import org.longscribe.segment.EnergySegmenter;
import org.longscribe.transcript.AtomicOutput;
import org.longscribe.transcript.OutputFormat;
import org.longscribe.transcript.Transcript;

/**
 * The core pipeline inside an executor: one Vosk model and one set of recognizer threads per JVM,
 * created by the first task that needs them and shared by every task after it (a model is loaded
 * once per executor, not once per task or per file).
 */
final class ExecutorPipeline {
    private static ExecutorPipeline shared;
    /** Models loaded by this JVM (tests check that it is one). */
    static final java.util.concurrent.atomic.AtomicInteger MODEL_LOADS = new java.util.concurrent.atomic.AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Transcriber transcriber;
    private final String executor;

    private ExecutorPipeline(Path modelDir, int threads) throws IOException {
        VoskModel model = VoskModel.load(modelDir, false);
        MODEL_LOADS.incrementAndGet();
        // Lives as long as the executor: its threads are daemons and the OS frees the model.
        ParallelRecognizer recognizers = new ParallelRecognizer(VoskSegmentRecognizer.factory(model, 0), threads);
        this.transcriber = new Transcriber(new AudioPreparer(new FfmpegDecoder()), new EnergySegmenter(), recognizers,
                Transcript.ModelInfo.of(modelDir), true);
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        this.executor = host + ":" + ProcessHandle.current().pid();
    }

    /** This JVM's pipeline; the first call loads the model (the same directory and threads on every call). */
    static synchronized ExecutorPipeline get(Path modelDir, int threads) throws IOException {
        if (shared == null) {
            shared = new ExecutorPipeline(modelDir, threads);
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
            Outputs outputs = new Outputs(options.output(), r.relative(), options.formats(), conf);
            JsonNode existing = outputs.existingJson();
            if (existing != null && BatchPlan.describes(existing, r.size(), r.modified()) && outputs.othersExist()) {
                return new ManifestRow(r.uri(), r.relative(), "skipped", existing.path("duration").asDouble(),
                        countWords(existing), existing.path("segments").size(), null, seconds(t0), partition, executor);
            }
            Transcript transcript = transcribe(r, options, conf);
            outputs.write(transcript);
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
                    s.modified(), s.container(), s.codec(), s.sampleRate(), s.channels()), t.model(), t.timings());
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

    /**
     * A recording's transcripts under the output root: NAME.json and NAME.srt etc., each written to a
     * temporary name and renamed when complete. On a local file system through {@link AtomicOutput}
     * (as the CLI); elsewhere through Hadoop's FileSystem (rename is atomic on HDFS; on S3 it is a copy).
     */
    private static final class Outputs {
        private final String root;
        private final String relative;
        private final List<OutputFormat> formats;
        private final Configuration conf;

        Outputs(String root, String relative, List<OutputFormat> formats, Configuration conf) {
            this.root = root;
            this.relative = relative;
            this.formats = formats;
            this.conf = conf;
        }

        /** Where format {@code f} goes: the name `batch` gives it, under the output root. */
        private String name(OutputFormat f) {
            return BatchPlan.outputName(relative, f);
        }

        private org.apache.hadoop.fs.Path hadoopPath(OutputFormat f) {
            return new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(root), name(f));
        }

        JsonNode existingJson() {
            try {
                Optional<Path> local = HadoopFiles.localPath(root);
                if (local.isPresent()) {
                    Path json = local.get().resolve(name(OutputFormat.JSON));
                    return Files.isRegularFile(json) ? JSON.readTree(json.toFile()) : null;
                }
                org.apache.hadoop.fs.Path json = hadoopPath(OutputFormat.JSON);
                FileSystem fs = json.getFileSystem(conf);
                if (!fs.exists(json)) {
                    return null;
                }
                try (InputStream in = fs.open(json)) {
                    return JSON.readTree(in);
                }
            } catch (IOException | RuntimeException e) {
                return null; // half-written or unreadable: transcribe again
            }
        }

        boolean othersExist() throws IOException {
            Optional<Path> local = HadoopFiles.localPath(root);
            for (OutputFormat f : formats) {
                if (f == OutputFormat.JSON) {
                    continue;
                }
                boolean exists = local.isPresent() ? Files.isRegularFile(local.get().resolve(name(f)))
                        : hadoopPath(f).getFileSystem(conf).exists(hadoopPath(f));
                if (!exists) {
                    return false;
                }
            }
            return true;
        }

        /** Writes the other formats first and the JSON last: the JSON is what marks the recording done. */
        void write(Transcript t) throws IOException {
            List<OutputFormat> order = new java.util.ArrayList<>(formats.stream().filter(f -> f != OutputFormat.JSON).toList());
            order.add(OutputFormat.JSON);
            Optional<Path> local = HadoopFiles.localPath(root);
            for (OutputFormat f : order) {
                AtomicOutput.Writer content = stream -> f.writer().write(t, stream);
                if (local.isPresent()) {
                    Path target = local.get().resolve(name(f));
                    Files.createDirectories(target.getParent());
                    try (AtomicOutput out = AtomicOutput.create(target)) {
                        out.writeAndCommit(content);
                    }
                } else {
                    HadoopFiles.writeAtomically(hadoopPath(f), conf, content);
                }
            }
        }
    }
}

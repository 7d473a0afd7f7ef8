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
import org.longscribe.store.OutputStore;
import org.longscribe.store.TempFiles;
import org.longscribe.store.WorkDirs;
import org.longscribe.batch.RecordingOutputs;
import org.longscribe.error.LongscribeException;
import org.longscribe.job.Pipeline;
import org.longscribe.job.Journal;
import org.longscribe.job.Progress;
import org.longscribe.job.Transcriber;
import org.longscribe.transcript.OutputFormat;
import org.longscribe.transcript.Transcript;

/**
 * The core pipeline inside an executor: one Vosk model and one set of recognizer threads per JVM,
 * created by the first task that needs them and shared by every task after it (a model is loaded
 * once per executor, not once per task or per file). A job with other settings in the same JVM
 * (local mode, tests) gets a new one.
 */
final class ExecutorPipeline {
    /** Recordings' journals in the output store: kept while a recording is unfinished (also after a failed job, for the next). */
    static final String JOURNALS = "_longscribe-journals";
    /** Parts of long recordings in the output store, between the stage that recognises them and the merge. */
    static final String PARTS = "_longscribe-parts";
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
        options.useJournalKey();
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
            OutputStore store = HadoopStore.at(options.output(), conf);
            String journal = journalName(outputs);
            Transcript transcript = transcribe(r, options, conf, store, journal);
            outputs.write(transcript, f -> f.writer(null, r.uri())); // an html page finds the recording by its URI
            store.delete(journal); // only now: a task lost before this resumes from it
            int words = transcript.segments().stream().mapToInt(s -> s.words().size()).sum();
            return new ManifestRow(r.uri(), r.relative(), "ok", transcript.duration(), words, transcript.segments().size(),
                    null, seconds(t0), partition, executor);
        } catch (IOException | RuntimeException e) {
            return failed(r, e, seconds(t0), partition, 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the task was killed: Spark retries it
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A failed row: the problem in one line (a LongscribeException's own words, else the exception's). */
    private ManifestRow failed(Recording r, Exception e, double seconds, int partition, int parts) {
        // An exception without a message (a NullPointerException) is named by its class, not "null".
        String reason = e instanceof LongscribeException le ? le.problem() : e.getMessage();
        return new ManifestRow(r.uri(), r.relative(), "failed", 0, 0, 0, reason == null ? e.toString() : reason, seconds, partition,
                executor, parts);
    }

    /** Where the journal of the recording whose outputs are {@code outputs} is kept in the output store. */
    static String journalName(RecordingOutputs outputs) {
        return JOURNALS + "/" + outputs.name(OutputFormat.JSON) + Journal.SUFFIX;
    }

    /**
     * Transcribes with the recording's journal kept in the output store, where every executor reads
     * it: fetched into scratch before the first slice (a lost task's, or an earlier job's), copied
     * back every {@link #journalSeconds()} while it grows ({@link JournalCopy}). The journal names the
     * recording by its URI and the model by its name, which are the same on every executor.
     */
    private Transcript transcribe(Recording r, JobOptions options, Configuration conf, OutputStore store, String journalName)
            throws IOException, InterruptedException {
        Path scratch = Path.of(options.scratch());
        Files.createDirectories(scratch);
        Path here = WorkDirs.create(scratch) /* longscribe-PID-*: a killed executor's is removed as stale by the next */;
        TempFiles.register(here);
        Path journal = here.resolve("recording" + Journal.SUFFIX);
        boolean done = false;
        try {
            fetchJournal(store, journalName, journal);
            Transcript t;
            try (JournalCopy copy = new JournalCopy(store, journalName, journal, journalSeconds())) {
                t = transcribe(r, options, conf, journal, copy);
            }
            done = true;
            return t;
        } finally {
            if (!done) {
                forgetKeptAudio(journal); // the WAV kept for a resume here: the next attempt may run elsewhere
            }
            TempFiles.delete(here);
        }
    }

    /** The store's journal {@code name}, if there is one, into a new local file {@code local}. */
    private static void fetchJournal(OutputStore store, String name, Path local) throws IOException {
        Optional<InputStream> kept = store.read(name);
        if (kept.isPresent()) {
            // This user's file, as a journal must be to be believed; its lines prove themselves with the job's key.
            try (InputStream in = kept.get(); java.io.OutputStream out = Files.newOutputStream(Files.createFile(local,
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(TempFiles.PRIVATE)))) {
                in.transferTo(out);
            }
        }
    }

    /** Removes the decoded WAV that the journal at {@code journal} kept, if it kept one. */
    private static void forgetKeptAudio(Path journal) {
        // A killed task's thread is interrupted, and an interrupted thread cannot read a file channel: the
        // flag is put aside while the journal is read, then restored.
        boolean interrupted = Thread.interrupted();
        try {
            Optional<Journal.Previous> p = Journal.read(journal);
            if (p.isPresent() && p.get().header().wav() != null) {
                Path wav = Path.of(p.get().header().wav());
                if (WorkDirs.keptFor(wav, journal)) {
                    TempFiles.delete(wav.getParent());
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // left for the executor's next recording to clear as stale
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Seconds between copies of a journal to the output store (property longscribe.spark.journal-seconds; default 30; see {@link JournalCopy}). */
    static double journalSeconds() {
        return Double.parseDouble(System.getProperty("longscribe.spark.journal-seconds", "30"));
    }

    /** A local file is read in place; anything else is copied to local scratch first (FFmpeg and the mapping need a file). */
    private Transcript transcribe(Recording r, JobOptions options, Configuration conf, Path journal, Progress progress)
            throws IOException, InterruptedException {
        String model = modelName(key.modelDir());
        Path scratch = Path.of(options.scratch());
        Transcript t = onLocalFile(r, options, conf, file -> transcriber.transcribe(file, scratch, journal, progress, r.uri(), model));
        if (HadoopFiles.localPath(r.uri()).isPresent()) {
            return t;
        }
        Transcript.Source s = t.source();
        return new Transcript(t.text(), t.duration(), t.segments(), new Transcript.Source(r.uri(), s.size(),
                s.modified(), s.container(), s.codec(), s.sampleRate(), s.channels(), s.video()), t.model(), t.timings(), t.speakers());
    }

    /** Work on a recording as a local file. */
    private interface OnFile<T> {
        T run(Path file) throws IOException, InterruptedException;
    }

    /** {@code work} on the recording itself when it is local, else on a copy in scratch (removed afterwards). */
    private static <T> T onLocalFile(Recording r, JobOptions options, Configuration conf, OnFile<T> work)
            throws IOException, InterruptedException {
        Path scratch = Path.of(options.scratch());
        Files.createDirectories(scratch);
        Optional<Path> local = HadoopFiles.localPath(r.uri());
        if (local.isPresent()) {
            return work.run(local.get());
        }
        Path copyDir = WorkDirs.create(scratch);
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
            return work.run(copy);
        } finally {
            TempFiles.delete(copyDir);
        }
    }

    /** The row of a recording found up to date by all its parts (its transcript read for the figures). */
    static ManifestRow skippedRow(Recording r, JobOptions options, int partition) {
        try {
            RecordingOutputs outputs = new RecordingOutputs(HadoopStore.at(options.output(), options.hadoopConfiguration()), r.relative(),
                    options.formats());
            JsonNode t = outputs.existingJson().orElseThrow();
            return new ManifestRow(r.uri(), r.relative(), "skipped", t.path("duration").asDouble(), countWords(t),
                    t.path("segments").size(), null, 0, partition, "driver", r.parts());
        } catch (RuntimeException e) {
            return new ManifestRow(r.uri(), r.relative(), "skipped", 0, 0, 0, null, 0, partition, "driver", r.parts());
        }
    }

    /** Where part {@code part} of {@code parts} of a recording keeps its slices in the output store until the merge. */
    static String partName(RecordingOutputs outputs, int part, int parts) {
        return PARTS + "/" + outputs.name(OutputFormat.JSON) + ".part-" + (part + 1) + "-of-" + parts;
    }

    /**
     * Recognises part {@code r.part()} of a long recording (the slices of that part only) and leaves
     * them in the output store for {@link #merge}; a row "part" (or "skipped", when the recording's
     * transcript is up to date; "failed", with the reason). The part's journal is its file in the
     * store, copied there as it grows: a lost task's retry takes what it heard and recognises the rest.
     */
    ManifestRow processPart(Recording r, JobOptions options, int partition) {
        long t0 = System.nanoTime();
        options.useJournalKey();
        try {
            Configuration conf = options.hadoopConfiguration();
            OutputStore store = HadoopStore.at(options.output(), conf);
            RecordingOutputs outputs = new RecordingOutputs(store, r.relative(), options.formats());
            if (outputs.upToDate(r.size(), r.modified(), options.speakers()).isPresent()) {
                return new ManifestRow(r.uri(), r.relative(), "skipped", 0, 0, 0, null, seconds(t0), partition, executor, r.parts());
            }
            Path scratch = Path.of(options.scratch());
            Files.createDirectories(scratch);
            Path here = WorkDirs.create(scratch);
            TempFiles.register(here);
            try {
                Path journal = here.resolve("part" + Journal.SUFFIX);
                String model = modelName(key.modelDir());
                String name = partName(outputs, r.part(), r.parts());
                fetchJournal(store, name, journal);
                try (JournalCopy copy = new JournalCopy(store, name, journal, journalSeconds())) {
                    onLocalFile(r, options, conf, file -> {
                        transcriber.recognizePart(file, scratch, journal, r.uri(), model, r.part(), r.parts(), copy);
                        return null;
                    });
                }
                store.write(name, out -> Files.copy(journal, out)); // whole, after the last timed copy
            } finally {
                forgetKeptAudio(here.resolve("part" + Journal.SUFFIX));
                TempFiles.delete(here);
            }
            return new ManifestRow(r.uri(), r.relative(), "part", 0, 0, 0, null, seconds(t0), partition, executor, r.parts());
        } catch (IOException | RuntimeException e) {
            return failed(r, e, seconds(t0), partition, r.parts());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The transcript of a recording cut into {@code parts}: its parts' slices together are a whole
     * run's journal, from which a run takes every block (recognising any a part left out) and labels speakers from all of them, as the CLI does; then the parts' files go.
     */
    ManifestRow merge(Recording r, int parts, JobOptions options, int partition) {
        Configuration conf = options.hadoopConfiguration();
        try {
            OutputStore store = HadoopStore.at(options.output(), conf);
            RecordingOutputs outputs = new RecordingOutputs(store, r.relative(), options.formats());
            String journal = journalName(outputs);
            // The whole run's journal, made of the parts', is where a resume would find it. Each line names its
            // slice and block in the whole recording, so the parts' lines go in as they are.
            StringBuilder whole = new StringBuilder();
            for (int p = 0; p < parts; p++) {
                Optional<InputStream> in = store.read(partName(outputs, p, parts));
                if (in.isEmpty()) {
                    continue; // a part that never began: the merge recognises its slices (and those a part left out)
                }
                List<String> lines;
                try (InputStream stream = in.get()) {
                    lines = new String(stream.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
                }
                for (String line : lines.subList(whole.length() == 0 ? 0 : Math.min(1, lines.size()), lines.size())) {
                    whole.append(line).append('\n'); // the first part's header, every part's slices
                }
            }
            if (whole.length() > 0) {
                store.write(journal, out -> out.write(whole.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            ManifestRow row = process(r, options, partition);
            if (row.status().equals("ok")) {
                for (int p = 0; p < parts; p++) {
                    store.delete(partName(outputs, p, parts));
                }
            }
            return row;
        } catch (IOException | RuntimeException e) {
            return failed(r, e, 0, partition, 1);
        }
    }

    /**
     * The model as a journal names it: its folder's name and the size of its acoustic model, the
     * same on every executor however the model reached it (an --archives alias, a mount).
     */
    static String modelName(Path dir) {
        long size = -1;
        for (String f : List.of("am/final.mdl", "final.mdl")) {
            try {
                size = Files.size(dir.resolve(f));
                break;
            } catch (IOException e) {
                // not this layout
            }
        }
        return dir.toAbsolutePath().normalize().getFileName() + " (final.mdl " + size + " bytes)";
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

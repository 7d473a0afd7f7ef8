package org.longscribe.cli;

import org.longscribe.archive.Archive;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.longscribe.batch.BatchLock;
import org.longscribe.batch.BatchPlan;
import org.longscribe.batch.RecordingOutputs;
import org.longscribe.store.LocalStore;
import org.longscribe.error.ExitCode;
import org.longscribe.error.InputMissingException;
import org.longscribe.error.LongscribeException;
import org.longscribe.error.OutputNotWritableException;
import org.longscribe.job.Journal;
import org.longscribe.job.Pipeline;
import org.longscribe.job.Progress;
import org.longscribe.model.ModelLocator;
import org.longscribe.job.Transcriber;
import org.longscribe.pcm.Timecode;
import org.longscribe.transcript.OutputFormat;
import org.longscribe.transcript.Transcript;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "batch",
        mixinStandardHelpOptions = true,
        versionProvider = LongscribeCommand.Version.class,
        description = {"Transcribes every recording under a folder, for cron: skips what is up to date.",
            "Walks IN_DIR recursively and mirrors relative paths into OUT_DIR:",
            "IN_DIR/sub/b.ogg -> OUT_DIR/sub/b.json.",
            "Safe to run from cron: inputs whose transcript is complete and up to date",
            "(same size and modification time) are skipped, outputs appear whole or not",
            "at all, one broken file never stops the batch, a recording stopped part way",
            "resumes from its journal on the next run, and a second run on the same",
            "OUT_DIR exits 75 at once."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  longscribe batch /srv/recordings -d /srv/transcripts",
            "  longscribe batch inbox -d out --format json,srt --exclude 'drafts/**' \\",
            "      --log batch.jsonl"})
final class BatchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN_DIR", description = "The folder of recordings.")
    Path inDir;

    @Option(names = {"-d", "--out-dir"}, required = true, paramLabel = "OUT_DIR", description = "Where transcripts go.")
    Path outDir;

    @Option(names = {"-f", "--format"}, split = ",", paramLabel = "FORMAT",
            description = "json, jsonl, srt, vtt, txt, html, comma-separated (default: json). The JSON is always written: it records what was transcribed.")
    List<OutputFormat> formats = new ArrayList<>(List.of(OutputFormat.JSON));

    @Option(names = "--include", paramLabel = "GLOB",
            description = "Only inputs matching (relative path or file name), e.g. '*.mp3'. Default: every known audio/video extension.")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Skip inputs matching, e.g. 'drafts/**'.")
    List<String> excludes = new ArrayList<>();

    @CommandLine.Mixin
    RecognizerOptions recognizer = new RecognizerOptions();

    @CommandLine.Mixin
    SpeakerOptions speakers = new SpeakerOptions();

    @Option(names = "--media", paramLabel = "URL",
            description = "For html: where the pages find the recordings, as a base URL to which each recording's path under"
                    + " IN_DIR is appended (default: the path from the page to the recording).")
    String media;

    @Option(names = "--log", paramLabel = "FILE", description = "Append one JSON line per file, and a summary line, to FILE.")
    Path log;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where decoded audio is kept while working (default: ${DEFAULT-VALUE}).")
    Path workDir = Path.of(System.getProperty("java.io.tmpdir"));

    @CommandLine.Mixin
    LoggingOptions logging = new LoggingOptions();

    private PrintWriter err;
    private final boolean tty = System.console() != null;
    private StatusLine statusLine;

    @Override
    public Integer call() throws Exception {
        err = spec.commandLine().getErr();
        statusLine = new StatusLine(err, tty);
        if (!Files.isDirectory(inDir)) {
            throw new InputMissingException(inDir, Files.exists(inDir) ? "is not a directory" : "no such directory");
        }
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new OutputNotWritableException(outDir, "cannot create the output directory: " + e.getMessage(), e);
        }
        Optional<BatchLock> lock;
        try {
            lock = BatchLock.tryAcquire(outDir);
        } catch (OutputNotWritableException e) {
            throw e;
        } catch (IOException e) {
            throw new OutputNotWritableException(outDir, "cannot create the lock file: " + e.getMessage(), e);
        }
        if (lock.isEmpty()) {
            err.println("longscribe: " + outDir + ": " + BatchLock.holder(outDir) + " is writing here; nothing done");
            err.flush();
            return ExitCode.TEMP_FAIL;
        }
        try (BatchLock held = lock.get()) {
            return run();
        }
    }

    private int run() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        // A missing speaker model is said before anything is done, as a missing model is.
        Pipeline.Speakers speakerSettings = speakers.resolve(logging.quiet ? null : err);
        List<BatchPlan.Item> items = BatchPlan.plan(inDir, outDir, includes, excludes);
        boolean archived = formats.contains(OutputFormat.HTML);
        if (archived) {
            for (BatchPlan.Item item : items) {
                if (media != null) {
                    archiveMedia.put(outputs(item).name(OutputFormat.JSON), mediaUrl(media, item.relative()));
                }
            }
            updateArchive(); // transcripts of earlier runs (or of a version before the archive) are listed before the first new one
        }
        List<BatchPlan.Item> todo = new ArrayList<>();
        int skipped = 0;
        for (BatchPlan.Item item : items) {
            if (upToDate(item)) {
                skipped++;
                line("skip", item, "up to date", 0, 0);
            } else {
                todo.add(item);
            }
        }
        int done = 0;
        List<String> failed = new ArrayList<>();
        double audio = 0;
        if (!todo.isEmpty()) {
            // Loaded when the first recording has decoded: a run with only broken or skipped files stays fast.
            Path modelDir = ModelLocator.resolve(recognizer.model);
            recognizer.noteSchedule(modelDir, spec.commandLine().getErr(), logging.quiet);
            try (Pipeline pipeline = Pipeline.openLazily(modelDir,
                    Pipeline.Settings.defaults(recognizer.threads(), recognizer.reproducible()).withSpeakers(speakerSettings),
                    logging.verbose)) {
                Transcriber transcriber = pipeline.transcriber();
                long totalBytes = 0;
                for (BatchPlan.Item item : todo) {
                    totalBytes += size(item);
                }
                long doneBytes = 0;
                long started = System.nanoTime();
                for (int i = 0; i < todo.size(); i++) {
                    BatchPlan.Item item = todo.get(i);
                    long t = System.nanoTime();
                    status(String.format(Locale.ROOT, "[%d/%d] %s transcribing %s", i + 1, todo.size(),
                            eta(started, doneBytes, totalBytes), TerminalText.escape(item.relative())));
                    try {
                        // Journaled beside the JSON: a batch stopped part way (SIGTERM from systemd, a reboot)
                        // resumes that recording where it stopped on the next run.
                        RecordingOutputs outputs = outputs(item);
                        Path json = json(item);
                        LocalStore.createParent(json);
                        Path journal = Journal.beside(json);
                        Transcript transcript = transcriber.transcribe(item.input(), workDir, journal, Progress.NONE);
                        outputs.write(transcript, f -> f.writer(outDir.resolve(outputs.name(f)),
                                media == null ? null : mediaUrl(media, item.relative())));
                        Journal.delete(journal);
                        if (archived) {
                            updateArchive();
                        }
                        done++;
                        audio += transcript.duration();
                        doneBytes += size(item);
                        line("ok", item, String.format(Locale.ROOT, "%s of audio, %d segments [%d/%d, %s]",
                                Timecode.format(transcript.duration()), transcript.segments().size(), i + 1, todo.size(),
                                eta(started, doneBytes, totalBytes)), transcript.duration(), (System.nanoTime() - t) / 1e9);
                    } catch (IOException | RuntimeException e) {
                        // One broken file never stops the batch: say why, go on with the next.
                        failed.add(item.relative());
                        doneBytes += size(item);
                        line("FAILED", item, reason(item, e), 0, (System.nanoTime() - t) / 1e9);
                        if (logging.verbose) {
                            e.printStackTrace(err);
                        }
                    }
                }
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        String summary = String.format(Locale.ROOT,
                "longscribe batch: %d transcribed, %d up to date, %d failed; %.2f h of audio in %.1f s (%.1fx realtime)%s",
                done, skipped, failed.size(), audio / 3600, wall, audio / Math.max(wall, 1e-9),
                failed.isEmpty() ? "" : "; failed: " + TerminalText.escape(String.join(", ", failed)));
        err.println(summary);
        err.flush();
        int transcribed = done;
        int upToDate = skipped;
        double audioSeconds = audio;
        logLine(g -> {
            g.writeStringField("event", "summary");
            g.writeNumberField("transcribed", transcribed);
            g.writeNumberField("skipped", upToDate);
            g.writeNumberField("failed", failed.size());
            g.writeNumberField("audio_seconds", Math.round(audioSeconds * 1000) / 1000.0);
            g.writeNumberField("wall_seconds", Math.round(wall * 1000) / 1000.0);
        });
        return failed.isEmpty() && !archiveFailed ? ExitCode.OK : ExitCode.SOME_FAILED;
    }

    private final java.util.Map<String, String> archiveMedia = new java.util.HashMap<>();
    private boolean archiveFailed;

    /**
     * OUT_DIR/index.html and the search data brought up to date (after each recording, so the page
     * is whole and current at any moment of the night). A failure here is said and makes the exit
     * code 1, but never stops the batch: the transcripts are what matters.
     */
    private void updateArchive() {
        try {
            new Archive(outDir).update(archiveMedia, true, new ArchiveProgress(err, logging.quiet, statusLine));
        } catch (IOException | RuntimeException e) {
            archiveFailed = true;
            statusLine.clear();
            err.println("FAILED " + TerminalText.escape(outDir.resolve(Archive.PAGE).toString()) + ": the archive was not updated: "
                    + TerminalText.escape(e instanceof LongscribeException le ? le.getMessage() : e.toString()));
            err.flush();
            if (logging.verbose) {
                e.printStackTrace(err);
            }
        }
    }

    /** The input's size now; 0 when it went (its turn says so). */
    private static long size(BatchPlan.Item item) {
        try {
            return Files.size(item.input());
        } catch (IOException e) {
            return 0;
        }
    }

    /** The failure in words: the problem alone when it is about this input (the line names it already). */
    private static String reason(BatchPlan.Item item, Exception e) {
        if (e instanceof LongscribeException le) {
            return le.path() != null && le.path().equals(item.input()) ? le.problem() : le.getMessage();
        }
        if (e instanceof org.longscribe.asr.RecognitionException) {
            return e.getMessage();
        }
        return "internal error: " + e;
    }

    private boolean upToDate(BatchPlan.Item item) {
        try {
            BasicFileAttributes a = Files.readAttributes(item.input(), BasicFileAttributes.class);
            return outputs(item).upToDate(a.size(), a.lastModifiedTime().toMillis(), speakers.asked()).isPresent();
        } catch (IOException | RuntimeException e) {
            return false; // unreadable now: transcribing it says why, in its own line
        }
    }

    /** {@code base} followed by the recording's relative path, each part percent-encoded. */
    static String mediaUrl(String base, String relative) {
        StringBuilder url = new StringBuilder(base.endsWith("/") ? base : base + "/");
        String[] parts = relative.split("/");
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                url.append('/');
            }
            url.append(java.net.URLEncoder.encode(parts[i], java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return url.toString();
    }

    private RecordingOutputs outputs(BatchPlan.Item item) {
        return RecordingOutputs.ofStem(new LocalStore(outDir), item.stem(), formats);
    }

    private Path json(BatchPlan.Item item) {
        return outDir.resolve(outputs(item).name(OutputFormat.JSON));
    }

    /** On a terminal, a status line rewritten in place; under cron nothing (the per-file lines carry the ETA). */
    private void status(String text) {
        if (!logging.quiet) {
            statusLine.updateOnTerminal(text);
        }
    }

    /** Time left, from the input bytes done so far (compressed sizes make it an estimate). */
    private static String eta(long startedNanos, long doneBytes, long totalBytes) {
        if (doneBytes == 0) {
            return "ETA --:--:--";
        }
        double elapsed = (System.nanoTime() - startedNanos) / 1e9;
        return "ETA " + Timecode.format(elapsed * (totalBytes - doneBytes) / doneBytes).substring(0, 8);
    }

    private void line(String status, BatchPlan.Item item, String detail, double audioSeconds, double seconds) throws IOException {
        statusLine.clear();
        if (!logging.quiet || status.equals("FAILED")) {
            err.println(String.format(Locale.ROOT, "%-6s %s: %s%s", status, TerminalText.escape(item.relative()), TerminalText.escape(detail),
                    seconds > 0 && !status.equals("FAILED") ? String.format(Locale.ROOT, " in %.1f s", seconds) : ""));
            err.flush();
        }
        logLine(g -> {
            g.writeStringField("event", "file");
            g.writeStringField("status", status.toLowerCase(Locale.ROOT));
            g.writeStringField("input", item.input().toAbsolutePath().toString());
            g.writeStringField("transcript", json(item).toAbsolutePath().toString());
            g.writeNumberField("audio_seconds", Math.round(audioSeconds * 1000) / 1000.0);
            g.writeNumberField("wall_seconds", Math.round(seconds * 1000) / 1000.0);
            if (status.equals("FAILED")) {
                g.writeStringField("error", detail);
            }
        });
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private void logLine(Fields fields) throws IOException {
        if (log == null) {
            return;
        }
        StringWriter line = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(line)) {
            g.writeStartObject();
            g.writeStringField("time", Instant.now().toString());
            fields.write(g);
            g.writeEndObject();
        }
        line.write('\n');
        try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write(line.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}

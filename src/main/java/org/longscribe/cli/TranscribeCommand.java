package org.longscribe.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import org.longscribe.decode.AudioPreparer;
import org.longscribe.decode.DecodedAudio;
import org.longscribe.fetch.Downloader;
import org.longscribe.store.TempFiles;
import org.longscribe.store.WorkDirs;
import org.longscribe.decode.FfmpegDecoder;
import org.longscribe.job.Pipeline;
import org.longscribe.error.ExitCode;
import org.longscribe.job.Journal;
import org.longscribe.model.ModelLocator;
import org.longscribe.job.Progress;
import org.longscribe.job.Transcriber;
import org.longscribe.resources.ResourcePlot;
import org.longscribe.resources.ResourceSampler;
import org.longscribe.segment.EnergySegmenter;
import org.longscribe.store.AtomicOutput;
import org.longscribe.transcript.JsonLinesWriter;
import org.longscribe.transcript.OutputFormat;
import org.longscribe.transcript.Transcript;
import org.longscribe.transcript.TranscriptWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "transcribe",
        mixinStandardHelpOptions = true,
        versionProvider = LongscribeCommand.Version.class,
        description = "Transcribes one recording (mp3, m4a/aac, ogg/opus, flac, wav, video containers, ...) to JSON, SRT, VTT or text.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  longscribe transcribe lecture.mp3 -o lecture.json",
            "  longscribe transcribe meeting.m4a --threads 4 > meeting.json",
            "  longscribe transcribe talk.mp4 -o talk.srt     (format from the extension)",
            "  longscribe transcribe talk.ogg -o talk.json \\",
            "      --model vosk-model-en-us-0.22   (installed by name: longscribe models get)",
            "  longscribe transcribe interview.mp3 -o interview.srt --speakers",
            "  longscribe transcribe lecture.mp3 -o lecture.html   (a page to read and listen)",
            "  yt-dlp -o - URL | longscribe transcribe - -o talk.json",
            "  longscribe transcribe https://example.org/episode.mp3 -o episode.srt",
            "  longscribe transcribe podcast.mp3 -o podcast.json \\",
            "      --resource-plot podcast-memory.png",
            "",
            "With -o, finished slices are kept in FILE.longscribe-journal until the run",
            "completes: after Ctrl-C, a kill or a crash, the same command resumes where",
            "it stopped (--restart starts over).",
            })
final class TranscribeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT",
            description = "The recording to transcribe: a file, - for standard input (decoded as it arrives), or an http(s) URL (downloaded first).")
    String inputArg;

    /** The file transcribed, or what messages call standard input or a URL. */
    private Path input;

    @Option(names = "--max-size", paramLabel = "MB",
            description = "For a URL: stop a download larger than this (default: ${DEFAULT-VALUE} MB).")
    long maxSizeMb = 4096;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the JSON transcript (written whole or not at all). Default: standard output.")
    Path output;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "json, jsonl, srt, vtt, txt or html (default: from the -o extension, else json). jsonl is written as segments complete, into FILE.partial until done; html is a page to read and listen (docs/guide.md, 'The reader').")
    OutputFormat format;

    @CommandLine.Mixin
    RecognizerOptions recognizer = new RecognizerOptions();

    @CommandLine.Mixin
    SpeakerOptions speakers = new SpeakerOptions();

    @Option(names = "--max-alternatives", paramLabel = "N",
            description = "Put up to N alternative texts of each segment in the JSON (default: ${DEFAULT-VALUE}, none).")
    int maxAlternatives = 0;

    @Option(names = "--no-words", negatable = false, description = "Leave the per-word lists out of the JSON.")
    boolean noWords;

    @Option(names = "--min-pause", paramLabel = "SECONDS",
            description = "Shortest pause that ends a segment (default: ${DEFAULT-VALUE}).")
    double minPause = EnergySegmenter.Settings.DEFAULT.minPause();

    @Option(names = "--max-segment", paramLabel = "SECONDS",
            description = "Longest segment; longer speech is cut at its longest pause (default: ${DEFAULT-VALUE}).")
    double maxSegment = EnergySegmenter.Settings.DEFAULT.maxLength();

    @Option(names = "--media", paramLabel = "URL",
            description = "For html: the recording's address in the page (for a web server or a moved archive). Default: its path relative to the page.")
    String media;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where the decoded WAV is kept while transcribing (default: ${DEFAULT-VALUE}).")
    Path workDir = Path.of(System.getProperty("java.io.tmpdir"));

    @Option(names = "--resource-plot", paramLabel = "FILE.png",
            description = "Record this run's memory (RSS: anonymous and file-backed) and CPU every 100 ms and draw them, as psrecord would.")
    Path resourcePlot;

    @Option(names = "--resource-log", paramLabel = "FILE.csv", description = "The same samples as CSV.")
    Path resourceLog;

    @Option(names = "--restart", description = "Start over: ignore (and remove) the journal an interrupted run left beside the output.")
    boolean restart;

    @CommandLine.Mixin
    NetworkOptions network = new NetworkOptions();

    @CommandLine.Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    public Integer call() throws Exception {
        validate();
        boolean stdin = inputArg.equals("-");
        boolean url = Downloader.isHttp(inputArg);
        if (!url && inputArg.matches("(?i)^[a-z][a-z0-9+.-]*://.*")) {
            throw new CommandLine.ParameterException(spec.commandLine(), inputArg + ": only http and https URLs are fetched");
        }
        URI uri = url ? Downloader.checkedUri(inputArg) : null;
        input = stdin ? FfmpegDecoder.STANDARD_INPUT : url ? Path.of(Downloader.fileName(uri)) : Path.of(inputArg);
        PrintWriter err = spec.commandLine().getErr();

        FfmpegDecoder.logWarnings(logging.verbose);
        Path modelDir = ModelLocator.resolve(recognizer.model);
        recognizer.noteSchedule(modelDir, err, logging.quiet);
        EnergySegmenter.Settings defaults = EnergySegmenter.Settings.DEFAULT;
        Pipeline.Settings settings = new Pipeline.Settings(recognizer.threads(), maxAlternatives, !noWords,
                new EnergySegmenter.Settings(minPause, defaults.padding(), maxSegment, defaults.minSpeech(),
                        defaults.aboveFloorDb(), defaults.minSpeechDb(), defaults.floorWindow()), recognizer.reproducible(),
                speakers.resolve(logging.quiet ? null : err));

        if (!stdin && !url) {
            AudioPreparer.checkReadable(input);
        }
        ResourceSampler sampler = null;
        if (resourcePlot != null || resourceLog != null) {
            if (ResourceSampler.supported()) {
                sampler = ResourceSampler.start(ProcessHandle.current().pid(), 100);
            } else {
                err.println("longscribe: --resource-plot/--resource-log need Linux's /proc; not recorded");
            }
        }
        // Before any work: an unwritable destination is reported now, not after an hour of audio.
        OutputFormat chosen = chosenFormat();
        boolean streaming = chosen == OutputFormat.JSONL;
        try (AtomicOutput out = output == null ? null : AtomicOutput.createForUser(output, streaming);
             AtomicOutput plot = sampler == null || resourcePlot == null ? null : AtomicOutput.createForUser(resourcePlot, false);
             AtomicOutput log = sampler == null || resourceLog == null ? null : AtomicOutput.createForUser(resourceLog, false);
             Pipeline pipeline = Pipeline.openLoading(modelDir, settings, logging.verbose)) {
            Transcriber transcriber = pipeline.transcriber();
            ProgressPrinter printer = logging.quiet ? null : new ProgressPrinter(err, TerminalText.escape(String.valueOf(input.getFileName())),
                    System.console() != null);
            Progress shown = printer == null ? Progress.NONE : printer;
            OutputStream lines = !streaming ? null : out != null ? out.stream() : System.out;
            Progress progress = streaming ? new StreamingProgress(shown, lines) : shown;
            // With -o, finished slices are journaled beside the output: a killed run resumes when rerun.
            // Not for a pipe or a URL: what would be resumed cannot be told to be the same recording.
            Path journal = output == null || stdin || url || !AtomicOutput.replaces(output) ? null : Journal.beside(output);
            if (journal != null && restart) {
                Journal.delete(journal);
            }
            Thread stopNote = journal == null || logging.quiet ? null : new Thread(() -> {
                if (java.nio.file.Files.exists(journal)) {
                    err.println();
                    err.println("longscribe: stopped; the finished part is kept in " + TerminalText.escape(journal.toString())
                            + ": run the same command again to resume");
                    err.flush();
                }
            }, "longscribe-stop-note");
            if (stopNote != null) {
                Runtime.getRuntime().addShutdownHook(stopNote);
            }
            Transcript transcript;
            try {
                transcript = stdin ? fromStandardInput(transcriber, progress)
                        : url ? fromUrl(transcriber, uri, progress, logging.quiet ? null : err)
                        : transcriber.transcribe(input, workDir, journal, progress);
            } finally {
                if (stopNote != null) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(stopNote);
                    } catch (IllegalStateException stopping) {
                        // shutting down already: the note is on its way
                    }
                }
            }
            if (printer != null) {
                printer.finish();
            }
            if (streaming) {
                // The segments are out already; the end line says the transcript is complete.
                JsonLinesWriter.end(transcript, lines);
                if (out != null) {
                    out.commit();
                }
            } else if (out != null) {
                TranscriptWriter writer = chosen.writer(output, media);
                out.writeAndCommit(stream -> writer.write(transcript, stream));
            } else {
                OutputStream stdout = System.out;
                chosen.writer(null, media).write(transcript, stdout);
                stdout.flush();
            }
            if (journal != null) {
                Journal.delete(journal); // only now: a kill before the commit still resumes, from the last slice
            }
            if (sampler != null) {
                writeResources(sampler.stop(), plot, log, err);
            }
            if (!logging.quiet) {
                Transcript.Timings t = transcript.timings();
                err.println(String.format(Locale.ROOT,
                        "longscribe: %s: %d segments, %.1f s of audio in %.1f s (%.1fx realtime, decode %.1f s, %d threads)%s",
                        TerminalText.escape(String.valueOf(input.getFileName())), transcript.segments().size(),
                        transcript.duration(), t.total(), transcript.duration() / Math.max(t.total(), 1e-9), t.decode(),
                        t.threads(), output == null ? "" : " -> " + TerminalText.escape(output.toString())));
                err.flush();
            }
        }
        return ExitCode.OK;
    }

    /** Decodes standard input into a WAV in a work directory as it arrives, then transcribes that. */
    private Transcript fromStandardInput(Transcriber transcriber, Progress progress) throws java.io.IOException,
            InterruptedException {
        Path dir = WorkDirs.create(workDir);
        TempFiles.register(dir);
        try {
            Path wav = dir.resolve("standard-input.wav");
            progress.decoding();
            long t0 = System.nanoTime();
            DecodedAudio decoded = new FfmpegDecoder().decodeStandardInput(wav);
            double decodeSeconds = (System.nanoTime() - t0) / 1e9;
            Transcript t = transcriber.transcribe(wav, dir, progress);
            return t.withSource(new Transcript.Source("-", 0, java.time.Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(),
                    decoded.container(), decoded.codec(), decoded.sampleRate(), decoded.channels(), decoded.video()))
                    .withDecodeTime(decodeSeconds);
        } finally {
            TempFiles.delete(dir);
        }
    }

    /** Downloads {@code uri} into a work directory, transcribes it, and says it came from {@code uri}. */
    private Transcript fromUrl(Transcriber transcriber, URI uri, Progress progress, PrintWriter err)
            throws java.io.IOException, InterruptedException {
        Path dir = WorkDirs.create(workDir);
        TempFiles.register(dir);
        try {
            Path file = dir.resolve(Downloader.fileName(uri));
            if (err != null) {
                err.println("longscribe: downloading " + uri);
                err.flush();
            }
            Downloader.Download d = new Downloader(network.http(), maxSizeMb * 1024 * 1024).download(uri, file,
                    DownloadProgress.onTerminal(spec.commandLine().getErr(), TerminalText.escape(file.getFileName().toString()), err == null));
            if (err != null) {
                err.println(String.format(Locale.ROOT, "longscribe: downloaded %.1f MB", d.bytes() / 1e6));
                err.flush();
            }
            Transcript t;
            try {
                t = transcriber.transcribe(file, dir, progress);
            } catch (org.longscribe.error.UndecodableInputException e) {
                throw new org.longscribe.error.UndecodableInputException(null, uri + ": " + e.problem(), e);
            }
            return t.withSource(t.source().at(uri.toString(), d.modifiedIso(), null));
        } finally {
            TempFiles.delete(dir);
        }
    }

    private void writeResources(List<ResourceSampler.Sample> samples, AtomicOutput plot, AtomicOutput log, PrintWriter err)
            throws java.io.IOException {
        String run = String.valueOf(input.getFileName());
        Map<String, List<ResourceSampler.Sample>> runs = Map.of(run, samples);
        if (plot != null) {
            plot.writeAndCommit(stream -> ResourcePlot.writePng(runs, run, stream));
        }
        if (log != null) {
            log.writeAndCommit(stream -> ResourcePlot.writeCsv(runs, stream));
        }
        if (!logging.quiet) {
            ResourceSampler.Sample peak = ResourceSampler.peak(samples);
            double cpu = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).cpuSeconds();
            err.println(String.format(Locale.ROOT, "longscribe: peak RSS %.0f MB (anonymous %.0f, file-backed %.0f), CPU %.1f s%s%s",
                    peak.rssKb() / 1024.0, peak.anonKb() / 1024.0, peak.fileKb() / 1024.0, cpu,
                    plot == null ? "" : "; plot -> " + plot.target(), log == null ? "" : "; samples -> " + log.target()));
        }
    }

    /** Passes progress on to {@code shown} and writes each final segment as a JSON line. */
    private record StreamingProgress(Progress shown, OutputStream lines) implements Progress {
        @Override
        public void mapped(double duration) {
            shown.mapped(duration);
        }

        @Override
        public void decoding() {
            shown.decoding();
        }

        @Override
        public void decodedBefore() {
            shown.decodedBefore();
        }

        @Override
        public void recognizedUpTo(double seconds) {
            shown.recognizedUpTo(seconds);
        }

        @Override
        public void takenUpTo(double seconds) {
            shown.takenUpTo(seconds);
        }

        @Override
        public void resumed(int slices, int of, double seconds) {
            shown.resumed(slices, of, seconds);
        }

        @Override
        public void note(String message) {
            shown.note(message);
        }

        @Override
        public void segment(org.longscribe.transcript.TranscriptSegment segment) throws java.io.IOException {
            JsonLinesWriter.segment(segment, lines);
        }
    }

    private OutputFormat chosenFormat() {
        if (format != null) {
            return format;
        }
        if (output != null && AtomicOutput.replaces(output) && OutputFormat.fromExtension(output).isEmpty()) {
            String name = String.valueOf(output.getFileName());
            int dot = name.lastIndexOf('.');
            if (dot > 0) {
                // talk.docx would get JSON inside; say so rather than surprise (a FIFO or device streams JSON).
                throw new CommandLine.ParameterException(spec.commandLine(), "-o " + name + ": '" + name.substring(dot)
                        + "' names no format (json, jsonl, srt, vtt, txt, html): name the file so, or give --format");
            }
        }
        return output == null ? OutputFormat.JSON : OutputFormat.fromExtension(output).orElse(OutputFormat.JSON);
    }

    private void validate() {
        CommandLine cl = spec.commandLine();
        if (maxSizeMb < 1) {
            throw new CommandLine.ParameterException(cl, "--max-size must be at least 1 MB, not " + maxSizeMb);
        }
        if (maxAlternatives < 0) {
            throw new CommandLine.ParameterException(cl, "--max-alternatives must be 0 or more, not " + maxAlternatives);
        }
        EnergySegmenter.Settings d = EnergySegmenter.Settings.DEFAULT;
        if (!(minPause >= 0.1 && minPause <= 5)) {
            throw new CommandLine.ParameterException(cl, "--min-pause must be between 0.1 and 5 seconds, not " + minPause);
        }
        if (!(maxSegment >= 2 * minPause + 2 * d.padding() && maxSegment <= 300)) {
            throw new CommandLine.ParameterException(cl, "--max-segment must be between "
                    + (2 * minPause + 2 * d.padding()) + " and 300 seconds, not " + maxSegment);
        }
    }
}

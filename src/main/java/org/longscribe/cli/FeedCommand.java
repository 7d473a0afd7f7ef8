package org.longscribe.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.longscribe.batch.BatchLock;
import org.longscribe.decode.AudioPreparer;
import org.longscribe.decode.FfmpegDecoder;
import org.longscribe.error.ExitCode;
import org.longscribe.error.OutputNotWritableException;
import org.longscribe.feed.FeedSync;
import org.longscribe.fetch.Downloader;
import org.longscribe.fetch.Feed;
import org.longscribe.job.Pipeline;
import org.longscribe.job.Progress;
import org.longscribe.model.ModelLocator;
import org.longscribe.transcript.OutputFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "feed",
        mixinStandardHelpOptions = true,
        versionProvider = LongscribeCommand.Version.class,
        description = {"Transcribes a podcast's episodes from its RSS or Atom feed into OUT_DIR.",
            "Each episode's audio or video enclosure is",
            "downloaded, transcribed and removed; its transcripts go into OUT_DIR with the episode's title, date,",
            "GUID, link and enclosure in the JSON's source, and OUT_DIR/episodes.jsonl indexes them. A rerun",
            "transcribes only new or changed episodes and downloads nothing else. One episode that fails",
            "(a stalled server, a file that is not audio) is named and the others go on (exit 1)."},
        footerHeading = "%nExamples:%n",
        footer = {"  longscribe feed https://example.org/podcast.xml -d transcripts/ --format json,srt,html --limit 10",
            "  longscribe feed feed.xml -d out/ --since 2026-01-01 --speakers",
            "",
            "Exit codes as batch: 0 all done or up to date, 1 some episodes failed (named on stderr and in the",
            "index), 2 usage, 65 not a feed, 69 the feed cannot be fetched, 75 another run holds OUT_DIR."})
final class FeedCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FEED", description = "The feed: an http(s) URL or a file (gzip-compressed or not).")
    String feed;

    @Option(names = {"-d", "--dir"}, required = true, paramLabel = "OUT_DIR", description = "Where the transcripts and the index go.")
    Path outDir;

    @Option(names = "--format", split = ",", paramLabel = "F[,F...]",
            description = "json, jsonl, srt, vtt, txt, html, comma-separated (default: json; the JSON is always written). An html page plays the episode from its enclosure URL.")
    List<OutputFormat> formats = new ArrayList<>(List.of(OutputFormat.JSON));

    @Option(names = "--limit", paramLabel = "N", description = "Only the N most recent episodes.")
    Integer limit;

    @Option(names = "--since", paramLabel = "DATE", description = "Only episodes published on or after DATE (YYYY-MM-DD).")
    LocalDate since;

    @Option(names = "--max-size", paramLabel = "MB", description = "Skip (as failed) an enclosure larger than this (default: ${DEFAULT-VALUE} MB).")
    long maxSizeMb = 4096;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where downloads and decoded audio are kept while working (default: ${DEFAULT-VALUE}).")
    Path workDir = Path.of(System.getProperty("java.io.tmpdir"));

    @CommandLine.Mixin
    RecognizerOptions recognizer = new RecognizerOptions();

    @CommandLine.Mixin
    SpeakerOptions speakers = new SpeakerOptions();

    @CommandLine.Mixin
    NetworkOptions network = new NetworkOptions();

    @CommandLine.Mixin
    LoggingOptions logging = new LoggingOptions();

    private PrintWriter err;

    @Override
    public Integer call() throws Exception {
        err = spec.commandLine().getErr();
        if (limit != null && limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1, not " + limit);
        }
        if (maxSizeMb < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-size must be at least 1 MB, not " + maxSizeMb);
        }
        FfmpegDecoder.logWarnings(logging.verbose);
        Pipeline.Speakers speakerSettings = speakers.resolve(logging.quiet ? null : err);
        Path modelDir = ModelLocator.resolve(recognizer.model);
        recognizer.noteSchedule(modelDir, err, logging.quiet);
        Downloader downloader = new Downloader(network.http(), maxSizeMb * 1024 * 1024);
        Feed parsed = read(downloader);
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
            err.println("longscribe: " + TerminalText.escape(outDir.toString()) + ": " + BatchLock.holder(outDir) + " is writing here; nothing done");
            err.flush();
            return ExitCode.TEMP_FAIL;
        }
        long t0 = System.nanoTime();
        FeedSync sync = new FeedSync(outDir, Downloader.isHttp(feed) ? feed : Path.of(feed).toAbsolutePath().toString(),
                new FeedSync.Options(formats, limit, since, speakers.asked()), downloader, new Shown());
        FeedSync.Summary s;
        try (BatchLock held = lock.get();
             Pipeline pipeline = Pipeline.openLazily(modelDir, Pipeline.Settings.defaults(recognizer.threads(),
                     recognizer.reproducible()).withSpeakers(speakerSettings), logging.verbose)) {
            s = sync.run(parsed, (file, journal) -> pipeline.transcriber().transcribe(file, workDir, journal, Progress.NONE));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        if (!logging.quiet || !s.failed().isEmpty()) {
            err.println(String.format(Locale.ROOT, "longscribe: %s: %d episodes: %d transcribed, %d up to date, %d failed%s in %.1f s -> %s",
                    TerminalText.escape(parsed.title() == null ? feed : parsed.title()), s.looked(), s.transcribed(), s.upToDate(),
                    s.failed().size(), s.failed().isEmpty() ? "" : " (" + TerminalText.escape(String.join(", ", s.failed())) + ")",
                    wall, TerminalText.escape(s.index().toString())));
            err.flush();
        }
        return s.failed().isEmpty() ? ExitCode.OK : ExitCode.SOME_FAILED;
    }

    private Feed read(Downloader downloader) throws IOException, InterruptedException {
        if (Downloader.isHttp(feed)) {
            Downloader.Document d = downloader.document(Downloader.checkedUri(feed), Feed.MAX_BYTES);
            return Feed.parse(d.bytes(), d.charset(), feed);
        }
        Path file = Path.of(feed);
        AudioPreparer.checkReadable(file);
        if (Files.size(file) > Feed.MAX_BYTES) {
            throw new org.longscribe.error.UndecodableInputException(file, "not a feed (larger than 64 MB)");
        }
        return Feed.parse(Files.readAllBytes(file), null, feed);
    }

    /** The run on stderr, other people's text escaped. */
    private final class Shown implements FeedSync.Listener {
        @Override
        public void upToDate(int position, int of, String name) {
            say("[" + position + "/" + of + "] up to date: " + TerminalText.escape(name));
        }

        @Override
        public void downloading(int position, int of, String name, String url) {
            say("[" + position + "/" + of + "] " + TerminalText.escape(name) + ": downloading " + TerminalText.escape(url));
        }

        @Override
        public Downloader.Listener download(String name) {
            return DownloadProgress.onTerminal(err, TerminalText.escape(name), logging.quiet);
        }

        @Override
        public void note(String line) {
            say(TerminalText.escape(line));
        }

        @Override
        public void failed(String name, String message, Exception cause) {
            err.println("longscribe: " + TerminalText.escape(name) + ": " + TerminalText.escape(message));
            if (logging.verbose) {
                cause.printStackTrace(err);
            }
            err.flush();
        }
    }

    private void say(String line) {
        if (!logging.quiet) {
            err.println("longscribe: " + line);
            err.flush();
        }
    }
}

package org.longscribe.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.longscribe.batch.BatchLock;
import org.longscribe.batch.RecordingOutputs;
import org.longscribe.decode.AudioPreparer;
import org.longscribe.decode.FfmpegDecoder;
import org.longscribe.error.ExitCode;
import org.longscribe.error.LongscribeException;
import org.longscribe.error.OutputNotWritableException;
import org.longscribe.fetch.Downloader;
import org.longscribe.fetch.Feed;
import org.longscribe.job.Pipeline;
import org.longscribe.job.Progress;
import org.longscribe.model.ModelLocator;
import org.longscribe.store.AtomicOutput;
import org.longscribe.store.LocalStore;
import org.longscribe.store.TempFiles;
import org.longscribe.store.WorkDirs;
import org.longscribe.transcript.OutputFormat;
import org.longscribe.transcript.Transcript;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "feed",
        mixinStandardHelpOptions = true,
        versionProvider = LongscribeCommand.Version.class,
        description = {"Transcribes a podcast from its RSS or Atom feed: each episode's audio or video enclosure is",
            "downloaded, transcribed and removed; its transcripts go into OUT_DIR with the episode's title, date,",
            "GUID, link and enclosure in the JSON's source, and OUT_DIR/episodes.jsonl indexes them. A rerun",
            "transcribes only new or changed episodes and downloads nothing else."},
        footerHeading = "%nExamples:%n",
        footer = {"  longscribe feed https://example.org/podcast.xml -d transcripts/ --format json,srt,html --limit 10",
            "  longscribe feed feed.xml -d out/ --since 2026-01-01 --speakers",
            "",
            "Exit codes as batch: 0 all done or up to date, 1 some episodes failed (named on stderr and in the",
            "index), 2 usage, 65 not a feed, 69 the feed cannot be fetched, 75 another run holds OUT_DIR."})
final class FeedCommand implements Callable<Integer> {
    /** The index for downstream tools, one line per episode. */
    static final String INDEX = "episodes.jsonl";
    /** Where downloads wait while transcribed, kept through a kill for the next run. */
    static final String DOWNLOADS = ".longscribe-downloads";
    /** A feed larger than this is not a feed (the largest podcast feeds are a few MB). */
    static final int MAX_FEED_BYTES = 64 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = new JsonFactory();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FEED", description = "The feed: an http(s) URL or a file.")
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
        Downloader downloader = new Downloader(Downloader.httpClient(), maxSizeMb * 1024 * 1024);
        Feed parsed = Feed.parse(read(downloader), feed);
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new OutputNotWritableException(outDir, "cannot create the output directory: " + e.getMessage(), e);
        }
        Optional<BatchLock> lock = BatchLock.tryAcquire(outDir);
        if (lock.isEmpty()) {
            err.println("longscribe: " + outDir + ": another longscribe run is writing here; nothing done");
            err.flush();
            return ExitCode.TEMP_FAIL;
        }
        try (BatchLock held = lock.get();
             Pipeline pipeline = Pipeline.openLazily(modelDir, Pipeline.Settings.defaults(recognizer.threads(),
                     recognizer.reproducible).withSpeakers(speakerSettings), logging.verbose)) {
            return run(parsed, downloader, pipeline);
        }
    }

    private String read(Downloader downloader) throws IOException, InterruptedException {
        if (Downloader.isHttp(feed)) {
            return downloader.text(Downloader.checkedUri(feed), MAX_FEED_BYTES);
        }
        Path file = Path.of(feed);
        AudioPreparer.checkReadable(file);
        if (Files.size(file) > MAX_FEED_BYTES) {
            throw new org.longscribe.error.UndecodableInputException(file, "not a feed (larger than 64 MB)");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private int run(Feed parsed, Downloader downloader, Pipeline pipeline) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Map<String, JsonNode> previous = readIndex();
        List<Feed.Episode> chosen = new ArrayList<>(parsed.episodes());
        chosen.sort(Comparator.comparing((Feed.Episode e) -> e.published() == null ? Instant.MIN : e.published()).reversed()
                .thenComparing(Feed.Episode::guid));
        if (since != null) {
            Instant from = since.atStartOfDay(ZoneOffset.UTC).toInstant();
            chosen.removeIf(e -> e.published() == null || e.published().isBefore(from));
        }
        if (limit != null && chosen.size() > limit) {
            chosen = new ArrayList<>(chosen.subList(0, limit));
        }
        // Rows of episodes not chosen now (older, or gone from the feed) stay in the index as they were.
        Map<String, JsonNode> index = new LinkedHashMap<>(previous);
        int done = 0;
        int upToDate = 0;
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            Feed.Episode e = chosen.get(i);
            String name = e.fileName();
            RecordingOutputs outputs = new RecordingOutputs(new LocalStore(outDir), name + ".episode", formats);
            JsonNode before = previous.get(e.guid());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("guid", e.guid());
            row.put("title", e.title());
            row.put("published", e.published() == null ? null : e.published().toString());
            row.put("link", e.link());
            row.put("enclosure", e.url());
            row.put("length", e.length() >= 0 ? e.length() : null);
            row.put("transcript", outputs.name(OutputFormat.JSON));
            try {
                if (unchanged(e, before, outputs, downloader)) {
                    upToDate++;
                    row.put("etag", text(before, "etag"));
                    row.put("last_modified", text(before, "last_modified"));
                    row.put("status", "ok");
                    row.put("error", null);
                    say("[" + (i + 1) + "/" + chosen.size() + "] up to date: " + name);
                } else {
                    say("[" + (i + 1) + "/" + chosen.size() + "] " + name + ": downloading " + e.url());
                    Downloader.Download d = transcribe(e, name, outputs, downloader, pipeline);
                    row.put("etag", d.etag());
                    row.put("last_modified", d.lastModified());
                    row.put("status", "ok");
                    row.put("error", null);
                    done++;
                }
            } catch (LongscribeException ex) {
                failed.add(name);
                if (!Files.isRegularFile(outDir.resolve(outputs.name(OutputFormat.JSON)))) {
                    row.put("transcript", null); // none yet (an earlier transcript of it stays, named here)
                }
                row.put("status", "failed");
                row.put("error", ex.getMessage());
                err.println("longscribe: " + name + ": " + ex.getMessage());
                err.flush();
            }
            index.put(e.guid(), JSON.valueToTree(row));
            writeIndex(index, chosen); // after each episode: a killed run's index says what it finished
        }
        if (chosen.isEmpty()) {
            writeIndex(index, chosen);
        }
        removeOrphanDownloads(chosen);
        double wall = (System.nanoTime() - t0) / 1e9;
        if (!logging.quiet || !failed.isEmpty()) {
            err.println(String.format(Locale.ROOT, "longscribe: %s: %d episodes: %d transcribed, %d up to date, %d failed%s in %.1f s -> %s",
                    parsed.title() == null ? feed : parsed.title(), chosen.size(), done, upToDate, failed.size(),
                    failed.isEmpty() ? "" : " (" + String.join(", ", failed) + ")", wall, outDir.resolve(INDEX)));
            err.flush();
        }
        return failed.isEmpty() ? ExitCode.OK : ExitCode.SOME_FAILED;
    }

    /**
     * Whether the episode's transcripts are there and its enclosure is what was transcribed: the
     * same URL, and the same length when the feed gives one; when it gives none, a conditional HEAD
     * request (ETag, Last-Modified) asks the server. Transcripts made with other speaker settings
     * are made again.
     */
    private boolean unchanged(Feed.Episode e, JsonNode before, RecordingOutputs outputs, Downloader downloader)
            throws IOException, InterruptedException {
        if (before == null || !"ok".equals(text(before, "status")) || !e.url().equals(text(before, "enclosure"))) {
            return false;
        }
        Optional<JsonNode> json = outputs.existingJson();
        if (json.isEmpty() || !outputs.missingOthers().isEmpty() || !RecordingOutputs.labelledAsAsked(json.get(), speakers.asked())) {
            return false;
        }
        long length = before.path("length").isNumber() ? before.path("length").asLong() : -1;
        if (e.length() >= 0 || length >= 0) {
            return e.length() == length;
        }
        return downloader.notModified(Downloader.checkedUri(e.url()), text(before, "etag"), text(before, "last_modified"));
    }

    /**
     * Downloads the episode (unless a killed run left it whole) and transcribes it with a journal
     * beside its JSON, as batch does: a run stopped part way (SIGTERM from systemd, a reboot) resumes
     * the episode on the next run without downloading it again. The download waits in
     * OUT_DIR/.longscribe-downloads, with what it was downloaded from, and goes when the transcripts
     * are written (or when it turns out not to be audio).
     */
    private Downloader.Download transcribe(Feed.Episode e, String name, RecordingOutputs outputs, Downloader downloader,
                                           Pipeline pipeline) throws IOException, InterruptedException {
        URI uri = Downloader.checkedUri(e.url());
        Path downloads = outDir.resolve(DOWNLOADS);
        try {
            Files.createDirectories(downloads);
        } catch (IOException ex) {
            throw new OutputNotWritableException(downloads, "cannot create the download directory: " + ex.getMessage(), ex);
        }
        Path file = downloads.resolve(name + extension(uri));
        Path about = downloads.resolve(name + ".download.json");
        Path journal = org.longscribe.job.Journal.beside(outDir.resolve(outputs.name(OutputFormat.JSON)));
        Downloader.Download d = kept(file, about, e);
        if (d == null) {
            d = downloader.download(uri, file, DownloadProgress.onTerminal(err, name, logging.quiet));
            Downloader.Download done = d;
            try (AtomicOutput out = AtomicOutput.create(about)) {
                out.writeAndCommit(stream -> JSON.writeValue(stream, Map.of("url", e.url(), "bytes", done.bytes(),
                        "etag", String.valueOf(done.etag()), "last_modified", String.valueOf(done.lastModified()))));
            }
        } else {
            say(name + ": the download of an interrupted run is whole; not downloaded again");
        }
        Transcript t;
        try {
            t = pipeline.transcriber().transcribe(file, workDir, journal, Progress.NONE);
        } catch (org.longscribe.error.UndecodableInputException ex) {
            forget(file, about, journal); // not audio: nothing to resume
            throw new org.longscribe.error.UndecodableInputException(null, e.url() + ": " + ex.problem(), ex);
        }
        Transcript.Episode episode = new Transcript.Episode(e.title(), e.published() == null ? null : e.published().toString(),
                e.guid(), e.link(), e.url(), Downloader.isHttp(feed) ? feed : Path.of(feed).toAbsolutePath().toString());
        Transcript described = t.withSource(t.source().at(e.url(), d.modifiedIso(), episode));
        outputs.write(described, f -> f.writer(outDir.resolve(outputs.name(f)), e.url()));
        forget(file, about, journal); // only now: a kill before this resumes
        return d;
    }

    /** Downloads a killed run left for episodes this run did not look at (past --limit, gone from the feed). */
    private void removeOrphanDownloads(List<Feed.Episode> chosen) throws IOException {
        Path downloads = outDir.resolve(DOWNLOADS);
        if (!Files.isDirectory(downloads)) {
            return;
        }
        List<String> names = chosen.stream().map(Feed.Episode::fileName).toList();
        try (java.util.stream.Stream<Path> files = Files.list(downloads)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (names.stream().noneMatch(n::startsWith)) {
                    Files.deleteIfExists(f);
                }
            }
        }
        try {
            Files.deleteIfExists(downloads);
        } catch (java.nio.file.DirectoryNotEmptyException waiting) {
            // a failed episode's download waits for the next run
        }
    }

    /** The earlier run's download of this very enclosure, when it is whole; else null (and it is removed). */
    private static Downloader.Download kept(Path file, Path about, Feed.Episode e) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isRegularFile(about)) {
            Files.deleteIfExists(file);
            return null;
        }
        try {
            JsonNode a = JSON.readTree(about.toFile());
            long bytes = a.path("bytes").asLong(-1);
            if (e.url().equals(a.path("url").asText()) && bytes == Files.size(file) && (e.length() < 0 || e.length() == bytes)) {
                String etag = a.path("etag").asText("null");
                String modified = a.path("last_modified").asText("null");
                return new Downloader.Download(file, bytes, etag.equals("null") ? null : etag,
                        modified.equals("null") ? null : modified, null);
            }
        } catch (IOException ex) {
            // unreadable: download again
        }
        Files.deleteIfExists(file);
        Files.deleteIfExists(about);
        return null;
    }

    private static void forget(Path file, Path about, Path journal) throws IOException {
        org.longscribe.job.Journal.delete(journal);
        Files.deleteIfExists(file);
        Files.deleteIfExists(about);
        try {
            Files.deleteIfExists(file.getParent()); // only when empty
        } catch (java.nio.file.DirectoryNotEmptyException others) {
            // another episode's download waits there
        }
    }

    /** ".mp3" and the like from the URL's file name, for FFmpeg's format guess; empty when there is none. */
    private static String extension(URI uri) {
        String last = Downloader.fileName(uri);
        int dot = last.lastIndexOf('.');
        String ext = dot < 0 ? "" : last.substring(dot).toLowerCase(Locale.ROOT);
        return ext.matches("\\.[a-z0-9]{1,5}") ? ext : "";
    }

    private Map<String, JsonNode> readIndex() {
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        Path index = outDir.resolve(INDEX);
        if (!Files.isRegularFile(index)) {
            return rows;
        }
        try {
            for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    JsonNode row = JSON.readTree(line);
                    if (row.hasNonNull("guid")) {
                        rows.put(row.get("guid").asText(), row);
                    }
                }
            }
        } catch (IOException e) {
            say("the index " + index + " is unreadable; every episode is checked again");
            rows.clear();
        }
        return rows;
    }

    /** The whole index, rewritten atomically: the chosen episodes newest first, then the rest as they were. */
    private void writeIndex(Map<String, JsonNode> rows, List<Feed.Episode> chosen) throws IOException {
        List<JsonNode> ordered = new ArrayList<>();
        java.util.Set<String> looked = new java.util.HashSet<>();
        for (Feed.Episode e : chosen) {
            looked.add(e.guid());
            if (rows.containsKey(e.guid())) {
                ordered.add(rows.get(e.guid()));
            }
        }
        rows.forEach((guid, row) -> {
            if (!looked.contains(guid)) {
                ordered.add(row);
            }
        });
        try (AtomicOutput out = AtomicOutput.create(outDir.resolve(INDEX))) {
            out.writeAndCommit(stream -> {
                for (JsonNode row : ordered) {
                    ByteArrayOutputStream line = new ByteArrayOutputStream();
                    try (JsonGenerator g = FACTORY.createGenerator(line)) {
                        g.setCodec(JSON);
                        g.writeTree(row);
                    }
                    stream.write(line.toByteArray());
                    stream.write('\n');
                }
            });
        }
    }

    private void say(String line) {
        if (!logging.quiet) {
            err.println("longscribe: " + line);
            err.flush();
        }
    }

    private static String text(JsonNode row, String field) {
        JsonNode v = row == null ? null : row.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}

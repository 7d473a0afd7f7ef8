package org.longscribe.feed;

import org.longscribe.archive.Archive;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.longscribe.batch.RecordingOutputs;
import org.longscribe.error.LongscribeException;
import org.longscribe.error.UndecodableInputException;
import org.longscribe.fetch.Downloader;
import org.longscribe.fetch.Feed;
import org.longscribe.job.Journal;
import org.longscribe.store.LocalStore;
import org.longscribe.transcript.OutputFormat;
import org.longscribe.transcript.Transcript;

/**
 * Keeps a podcast's transcripts in OUT_DIR up to date with its feed: which episodes a run looks at
 * (newest first, --since, --limit), which are up to date (same enclosure URL, same length, or a
 * conditional HEAD answered 304; transcripts there with the speaker labels asked for), the download
 * kept through a kill ({@link KeptDownloads}), the journal beside the JSON, and the index
 * ({@link EpisodeIndex}). Anything that goes wrong with one episode (its download, its audio, a
 * bug) fails that episode alone: it is told to the {@link Listener} and written in the index, and
 * the run goes on. The caller holds OUT_DIR's lock.
 */
public final class FeedSync {
    /** The index's name in OUT_DIR. */
    public static final String INDEX = EpisodeIndex.FILE_NAME;
    /** The kept downloads' folder in OUT_DIR. */
    public static final String DOWNLOADS = KeptDownloads.DIR_NAME;

    /** Transcribes a downloaded episode, keeping a journal at {@code journal} for a resume. */
    @FunctionalInterface
    public interface Recognition {
        Transcript transcribe(Path file, Path journal) throws IOException, InterruptedException;
    }

    /** Hears how the run goes; names and titles come as the feed has them (a printer escapes them). */
    public interface Listener {
        default void upToDate(int position, int of, String name) {
        }

        default void downloading(int position, int of, String name, String url) {
        }

        /** Progress of the download of {@code name}; null for none. */
        default Downloader.Listener download(String name) {
            return null;
        }

        default void note(String line) {
        }

        default void failed(String name, String message, Exception cause) {
        }
    }

    /** Which episodes to look at, and how their transcripts are made. */
    public record Options(List<OutputFormat> formats, Integer limit, LocalDate since, int speakersAsked) {
    }

    /** What a run did. */
    public record Summary(int looked, int transcribed, int upToDate, List<String> failed, Path index) {
    }

    private final Path outDir;
    private final String feedAddress;
    private final Options options;
    private final Downloader downloader;
    private final Listener listener;
    private final KeptDownloads downloads;

    /** {@code feedAddress}: the feed's URL or absolute file name, as each transcript's source records it. */
    public FeedSync(Path outDir, String feedAddress, Options options, Downloader downloader, Listener listener) {
        this.outDir = outDir;
        this.feedAddress = feedAddress;
        this.options = options;
        this.downloader = downloader;
        this.listener = listener;
        this.downloads = new KeptDownloads(outDir);
    }

    /** The episodes a run looks at, newest first. */
    public List<Feed.Episode> chosen(Feed feed) {
        List<Feed.Episode> chosen = new ArrayList<>(feed.episodes());
        chosen.sort(Comparator.comparing((Feed.Episode e) -> e.published() == null ? Instant.MIN : e.published()).reversed()
                .thenComparing(Feed.Episode::guid));
        if (options.since() != null) {
            Instant from = options.since().atStartOfDay(ZoneOffset.UTC).toInstant();
            chosen.removeIf(e -> e.published() == null || e.published().isBefore(from));
        }
        if (options.limit() != null && chosen.size() > options.limit()) {
            chosen = new ArrayList<>(chosen.subList(0, options.limit()));
        }
        return chosen;
    }

    /** Brings OUT_DIR up to date with {@code feed}. */
    public Summary run(Feed feed, Recognition recognition) throws IOException, InterruptedException {
        downloads.check();
        EpisodeIndex index = EpisodeIndex.read(outDir, () -> listener.note("the index " + outDir.resolve(INDEX)
                + " is unreadable; every episode is checked again"));
        List<Feed.Episode> chosen = chosen(feed);

        List<String> guids = chosen.stream().map(Feed.Episode::guid).toList();
        List<String> names = new ArrayList<>();
        int done = 0;
        int upToDate = 0;
        List<String> failed = new ArrayList<>();
        boolean archived = options.formats().contains(OutputFormat.HTML);
        if (archived) {
            updateArchive(failed); // transcripts of earlier runs are listed before the first new one
        }
        for (int i = 0; i < chosen.size(); i++) {
            Feed.Episode e = chosen.get(i);
            int doneBefore = done;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("guid", e.guid());
            row.put("title", e.title());
            row.put("published", e.published() == null ? null : e.published().toString());
            row.put("link", e.link());
            row.put("enclosure", e.url());
            row.put("length", e.length() >= 0 ? e.length() : null);
            String name = null;
            RecordingOutputs outputs = null;
            try {
                name = e.fileName();
                names.add(name);
                outputs = RecordingOutputs.ofStem(new LocalStore(outDir), name, options.formats());
                row.put("transcript", outputs.name(OutputFormat.JSON));
                JsonNode before = index.before(e.guid()).orElse(null);
                if (unchanged(e, before, outputs)) {
                    upToDate++;
                    row.put("etag", EpisodeIndex.text(before, "etag"));
                    row.put("last_modified", EpisodeIndex.text(before, "last_modified"));
                    listener.upToDate(i + 1, chosen.size(), name);
                } else {
                    listener.downloading(i + 1, chosen.size(), name, e.url());
                    Downloader.Download d = transcribe(e, name, outputs, recognition);
                    row.put("etag", d.etag());
                    row.put("last_modified", d.lastModified());
                    done++;
                }
                row.put("status", "ok");
                row.put("error", null);
            } catch (IOException | RuntimeException ex) {
                // One episode's failure, whatever it is, is that episode's: the others still get their turn.
                String who = name != null ? name : e.guid();
                String message = ex instanceof LongscribeException ? ex.getMessage() : "internal error: " + ex;
                failed.add(who);
                if (outputs == null || !Files.isRegularFile(outDir.resolve(outputs.name(OutputFormat.JSON)))) {
                    row.put("transcript", null); // none yet (an earlier transcript of it stays, named here)
                }
                row.put("status", "failed");
                row.put("error", message);
                listener.failed(who, message, ex);
            }
            index.put(e.guid(), row);
            index.write(guids); // after each episode: a killed run's index says what it finished
            if (archived && done > doneBefore) {
                updateArchive(failed); // after each episode: the page is whole and current at any moment of the night
            }
        }
        if (chosen.isEmpty()) {
            index.write(guids);
        }
        downloads.removeOrphans(names);
        return new Summary(chosen.size(), done, upToDate, List.copyOf(failed), index.file());
    }

    /**
     * OUT_DIR/index.html and the search data brought up to date; a failure is said (as a failure of
     * {@code index.html}, so the exit code is 1) and the run goes on.
     */
    private void updateArchive(List<String> failed) {
        try {
            new Archive(outDir).update(Map.of(), true, new Archive.Listener() {
                @Override
                public void note(String line) {
                    listener.note(line);
                }
            });
        } catch (IOException | RuntimeException ex) {
            String message = "the archive was not updated: " + (ex instanceof LongscribeException ? ex.getMessage() : ex.toString());
            failed.add(Archive.PAGE);
            listener.failed(Archive.PAGE, message, ex);
        }
    }

    /**
     * Whether the episode's transcripts are there and its enclosure is what was transcribed: the
     * same URL, and the same length when the feed gives one; when it gives none, a conditional HEAD
     * request (ETag, Last-Modified) asks the server. Transcripts made with other speaker settings
     * are made again.
     */
    private boolean unchanged(Feed.Episode e, JsonNode before, RecordingOutputs outputs) throws IOException, InterruptedException {
        if (before == null || !"ok".equals(EpisodeIndex.text(before, "status"))
                || !e.url().equals(EpisodeIndex.text(before, "enclosure"))) {
            return false;
        }
        Optional<JsonNode> json = outputs.existingJson();
        if (json.isEmpty() || !outputs.missingOthers().isEmpty()
                || !RecordingOutputs.labelledAsAsked(json.get(), options.speakersAsked())) {
            return false;
        }
        long length = before.path("length").isNumber() ? before.path("length").asLong() : -1;
        if (e.length() >= 0 || length >= 0) {
            return e.length() == length;
        }
        return downloader.notModified(Downloader.checkedUri(e.url()), EpisodeIndex.text(before, "etag"),
                EpisodeIndex.text(before, "last_modified"));
    }

    /**
     * Downloads the episode (unless a killed run left it whole) and transcribes it with a journal
     * beside its JSON, as batch does: a run stopped part way (SIGTERM from systemd, a reboot) resumes
     * the episode on the next run without downloading it again. The download goes when the
     * transcripts are written (or when it turns out not to be audio).
     */
    private Downloader.Download transcribe(Feed.Episode e, String name, RecordingOutputs outputs, Recognition recognition)
            throws IOException, InterruptedException {
        URI uri = Downloader.checkedUri(e.url());
        Path file = downloads.file(name, uri);
        Path about = downloads.about(name);
        Path journal = Journal.beside(outDir.resolve(outputs.name(OutputFormat.JSON)));
        Downloader.Download d = downloads.kept(file, about, e);
        if (d == null) {
            d = downloader.download(uri, file, listener.download(name));
            downloads.describe(about, e.url(), d);
        } else {
            listener.note(name + ": the download of an interrupted run is whole; not downloaded again");
        }
        Transcript t;
        try {
            t = recognition.transcribe(file, journal);
        } catch (UndecodableInputException ex) {
            Journal.delete(journal); // not audio: nothing to resume
            downloads.forget(file, about);
            throw new UndecodableInputException(null, e.url() + ": " + ex.problem(), ex);
        }
        Transcript.Episode episode = new Transcript.Episode(e.title(), e.published() == null ? null : e.published().toString(),
                e.guid(), e.link(), e.url(), feedAddress);
        Transcript described = t.withSource(t.source().at(e.url(), d.modifiedIso(), episode));
        outputs.write(described, f -> f.writer(outDir.resolve(outputs.name(f)), e.url()));
        Journal.delete(journal); // only now: a kill before this resumes
        downloads.forget(file, about);
        return d;
    }
}

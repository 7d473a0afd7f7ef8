package org.longscribe.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.longscribe.archive.Archive;
import org.longscribe.archive.ArchiveSearch;
import org.longscribe.archive.Terms;
import org.longscribe.batch.BatchLock;
import org.longscribe.error.ExitCode;
import org.longscribe.error.InputMissingException;
import org.longscribe.error.OutputNotWritableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "search",
        mixinStandardHelpOptions = true,
        versionProvider = LongscribeCommand.Version.class,
        description = {"Finds where a phrase was said, in every transcript under OUT_DIR.",
            "The words in order, the last one a prefix (unless the phrase ends with a space);",
            "case and punctuation do not count. One line a hit, newest recording first:",
            "recording<TAB>H:MM:SS<TAB>speaker<TAB>words around it.",
            "Reads the search data that batch and feed keep beside OUT_DIR/index.html",
            "(OUT_DIR/longscribe-search/), bringing it up to date first with the JSON",
            "transcripts there (built when missing, with progress).",
            "Exit status: 0 hits, 1 none (as grep), 2 usage, 66 no transcripts under OUT_DIR."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  longscribe search /srv/transcripts photosynthesis",
            "  longscribe search podcast 'the light rea' --limit 5",
            "  longscribe search podcast climate --json | jq '.hits[].seconds'"})
final class SearchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OUT_DIR", description = "A folder of transcripts (batch's or feed's OUT_DIR).")
    Path outDir;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PHRASE", description = "The words to find (several arguments are one phrase).")
    List<String> phrase;

    @Option(names = "--json", description = "One JSON object: the phrase, the number of hits, and the hits with their recording, title, page, media,"
            + " seconds, speaker and words.")
    boolean json;

    @Option(names = "--limit", paramLabel = "N", description = "At most N hits (default: all).")
    Integer limit;

    @CommandLine.Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String typed = String.join(" ", phrase);
        Terms.Phrase terms = Terms.phrase(typed);
        if (terms.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the phrase '" + TerminalText.escape(typed)
                    + "' has no word to search for (letters or digits)");
        }
        if (limit != null && limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1");
        }
        if (!Files.isDirectory(outDir)) {
            throw new InputMissingException(outDir, Files.exists(outDir) ? "is not a directory" : "no such directory");
        }
        bringUpToDate(err);
        Optional<ArchiveSearch> search = ArchiveSearch.open(outDir);
        if (search.isEmpty() || search.get().recordings() == 0) {
            throw new InputMissingException(outDir, "has no transcripts to search (no archive here: batch or feed writes one)");
        }
        ArchiveSearch.Result result = search.get().search(terms, limit == null ? Integer.MAX_VALUE : limit);
        if (json) {
            writeJson(out, typed, result);
        } else {
            for (ArchiveSearch.Hit h : result.hits()) {
                out.println(TerminalText.escape(h.recording()) + "\t" + clock(h.seconds()) + "\t"
                        + (h.speaker() == null ? "-" : TerminalText.escape(h.speaker())) + "\t"
                        + TerminalText.escape(words(h)));
            }
        }
        out.flush();
        return result.total() > 0 ? ExitCode.OK : ExitCode.SOME_FAILED;
    }

    /**
     * The search data made to match the transcripts, under OUT_DIR's lock; when another run holds
     * it, or OUT_DIR is read-only, the data as it is is searched, and the user is told.
     */
    private void bringUpToDate(PrintWriter err) {
        StatusLine status = new StatusLine(err, System.console() != null);
        Archive archive = new Archive(outDir);
        try {
            Optional<BatchLock> lock = BatchLock.tryAcquire(outDir);
            if (lock.isEmpty()) {
                note(err, outDir + ": " + BatchLock.holder(outDir) + " is writing here; the search data is searched as it is");
                return;
            }
            try (BatchLock held = lock.get()) {
                Archive.Update u = archive.update(Map.of(), archive.pageIsOurs(), new ArchiveProgress(err, logging.quiet, status) {
                    @Override
                    public void indexing(int position, int of, String json) {
                        if (!logging.quiet && position == 1 && of > 1) {
                            note("indexing " + of + " transcripts under " + outDir);
                        }
                        super.indexing(position, of, json);
                    }
                });
                if (u.added() + u.removed() > 0 && !logging.quiet) {
                    note(err, String.format(Locale.ROOT, "search data: %d transcripts added, %d removed; %d recordings, %,d words",
                            u.added(), u.removed(), u.recordings(), u.words()));
                }
            }
        } catch (OutputNotWritableException e) {
            note(err, e.getMessage() + "; the search data is searched as it is");
        } catch (IOException e) {
            note(err, outDir + ": the search data cannot be updated (" + e.getMessage() + "); it is searched as it is");
        }
    }

    private void note(PrintWriter err, String line) {
        if (!logging.quiet) {
            err.println("longscribe: " + TerminalText.escape(line));
            err.flush();
        }
    }

    private static String words(ArchiveSearch.Hit h) {
        return (h.before().isEmpty() ? "" : "\u2026" + h.before() + " ") + h.match() + (h.after().isEmpty() ? "" : " " + h.after() + "\u2026");
    }

    static String clock(double seconds) {
        long s = (long) Math.floor(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    private static void writeJson(PrintWriter out, String typed, ArchiveSearch.Result result) throws IOException {
        JsonGenerator g = JSON.getFactory().createGenerator(out).useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeStringField("phrase", typed);
        g.writeNumberField("total", result.total());
        g.writeArrayFieldStart("hits");
        for (ArchiveSearch.Hit h : result.hits()) {
            g.writeStartObject();
            g.writeStringField("recording", h.recording());
            g.writeStringField("title", h.title());
            g.writeStringField("transcript", h.recording() + ".json");
            g.writeStringField("page", h.page());
            g.writeStringField("media", h.media());
            g.writeNumberField("seconds", h.seconds());
            g.writeStringField("time", clock(h.seconds()));
            g.writeStringField("speaker", h.speaker());
            g.writeStringField("before", h.before());
            g.writeStringField("match", h.match());
            g.writeStringField("after", h.after());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        out.println();
    }
}

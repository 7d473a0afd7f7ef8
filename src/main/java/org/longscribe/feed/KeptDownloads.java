package org.longscribe.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.longscribe.error.OutputNotWritableException;
import org.longscribe.fetch.Downloader;
import org.longscribe.fetch.Feed;
import org.longscribe.store.AtomicOutput;
import org.longscribe.store.TempFiles;

/**
 * OUT_DIR/{@value #DIR_NAME}: where an episode's download waits while it is transcribed, with what
 * it was downloaded from ({@code NAME.download.json}), kept through a kill so that the next run
 * resumes without downloading it again. The folder must be a real directory of its own: one that is
 * a symbolic link is refused, never listed or cleaned through.
 */
final class KeptDownloads {
    static final String DIR_NAME = ".longscribe-downloads";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What longscribe puts here: an episode's name ({@link Feed.Episode#fileName}), an extension, a suffix of ours. */
    private static final Pattern OURS = Pattern.compile(
            "(?:\\d{4}-\\d{2}-\\d{2}|undated) .* \\[[0-9a-f]{6}\\](?:\\.[a-z0-9]{1,5})?(?:\\.partial|\\.download\\.json)?");

    private final Path dir;

    KeptDownloads(Path outDir) {
        this.dir = outDir.resolve(DIR_NAME);
    }

    /** Refuses a folder that is not ours to use: a link (to anyone's folder) or a file at its name. */
    void check() throws OutputNotWritableException {
        if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !TempFiles.isRealDirectory(dir)) {
            throw new OutputNotWritableException(dir, (Files.isSymbolicLink(dir) ? "is a symbolic link" : "is not a directory")
                    + "; longscribe keeps downloads only in a real directory of its own there: remove it", null);
        }
    }

    /** Where the episode {@code name}'s download from {@code uri} goes (the folder created now). */
    Path file(String name, URI uri) throws OutputNotWritableException {
        check();
        try {
            Files.createDirectories(dir);
        } catch (IOException ex) {
            throw new OutputNotWritableException(dir, "cannot create the download directory: " + ex.getMessage(), ex);
        }
        check();
        return dir.resolve(name + extension(uri));
    }

    Path about(String name) {
        return dir.resolve(name + ".download.json");
    }

    void describe(Path about, String url, Downloader.Download d) throws IOException {
        try (AtomicOutput out = AtomicOutput.create(about)) {
            out.writeAndCommit(stream -> JSON.writeValue(stream, Map.of("url", url, "bytes", d.bytes(),
                    "etag", String.valueOf(d.etag()), "last_modified", String.valueOf(d.lastModified()))));
        }
    }

    /** The earlier run's download of this very enclosure, when it is whole; else null (and it is removed). */
    Downloader.Download kept(Path file, Path about, Feed.Episode e) throws IOException {
        if (!TempFiles.isRegularFile(file) || !TempFiles.isRegularFile(about)) {
            Files.deleteIfExists(file); // a link as a link
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

    /** Removes an episode's download and its description (transcribed, or not audio), and the folder when empty. */
    void forget(Path file, Path about) throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(about);
        removeIfEmpty();
    }

    /**
     * Removes what a killed run left for episodes this run did not look at (past --limit, gone from
     * the feed): only names of ours, only in the real folder, links removed as links.
     */
    void removeOrphans(Collection<String> chosenNames) {
        TempFiles.deleteOwn(dir, n -> OURS.matcher(n).matches() && chosenNames.stream().noneMatch(n::startsWith));
        removeIfEmpty();
    }

    private void removeIfEmpty() {
        if (!TempFiles.isRealDirectory(dir)) {
            return;
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException waiting) {
            // not empty: a failed episode's download waits for the next run
        }
    }

    /** ".mp3" and the like from the URL's file name, for FFmpeg's format guess; empty when there is none. */
    private static String extension(URI uri) {
        String last = Downloader.fileName(uri);
        int dot = last.lastIndexOf('.');
        String ext = dot < 0 ? "" : last.substring(dot).toLowerCase(Locale.ROOT);
        return ext.matches("\\.[a-z0-9]{1,5}") ? ext : "";
    }
}

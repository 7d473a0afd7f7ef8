package org.longscribe.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.longscribe.store.TempFiles;
import org.longscribe.error.OutputNotWritableException;

/**
 * The directories that hold decoded WAVs, named {@code longscribe-PID-RANDOM} under the work
 * parent. A run killed with SIGKILL (or by the OOM killer, or a power cut) cannot remove its own;
 * the next run removes those whose process is gone, unless a journal still needs the WAV for a
 * resume (the directory's {@value #JOURNAL_LINK} file names it).
 */
public final class WorkDirs {
    public static final String JOURNAL_LINK = "journal-path";
    private static final Pattern NAME = Pattern.compile("longscribe-(\\d+)-[^/]+");

    private WorkDirs() {
    }

    /** A fresh work directory for this process under {@code parent}. */
    public static Path create(Path parent) throws OutputNotWritableException {
        try {
            return Files.createTempDirectory(parent, "longscribe-" + ProcessHandle.current().pid() + "-");
        } catch (IOException e) {
            throw new OutputNotWritableException(parent, "cannot create a work directory for the decoded audio: "
                    + e.getMessage(), e);
        }
    }

    /** Whether {@code dir} looks like one of ours (so it is safe to delete). */
    public static boolean isWorkDir(Path dir) {
        return dir != null && dir.getFileName() != null && NAME.matcher(dir.getFileName().toString()).matches();
    }

    /** Marks {@code dir} as needed by {@code journal}, so that no other run removes it as stale. */
    public static void keepFor(Path dir, Path journal) throws IOException {
        Files.writeString(dir.resolve(JOURNAL_LINK), journal.toAbsolutePath().toString(), StandardCharsets.UTF_8);
    }

    /** Removes work directories under {@code parent} left by processes that no longer run; best effort. */
    public static void removeStale(Path parent) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, "longscribe-*")) {
            for (Path dir : dirs) {
                Matcher m = NAME.matcher(dir.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(dir) || TempFiles.ownerRunning(m.group(1)) || neededByJournal(dir)) {
                    continue;
                }
                TempFiles.delete(dir);
            }
        } catch (IOException | RuntimeException ignored) {
            // an unreadable work parent is reported when the run itself needs it
        }
    }

    private static boolean neededByJournal(Path dir) {
        Path link = dir.resolve(JOURNAL_LINK);
        try {
            return Files.isRegularFile(link) && Files.exists(Path.of(Files.readString(link, StandardCharsets.UTF_8).strip()));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}

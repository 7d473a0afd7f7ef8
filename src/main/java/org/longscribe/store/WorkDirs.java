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
 * parent, each with a marker file ({@value #MARKER}) from its creation: a folder of the user's that
 * happens to have such a name is never taken for one. A run killed with SIGKILL (or by the OOM killer, or a power cut) cannot remove its own;
 * the next run removes those whose process is gone, unless a journal still needs the WAV for a
 * resume (the directory's {@value #JOURNAL_LINK} file names it).
 */
public final class WorkDirs {
    public static final String JOURNAL_LINK = "journal-path";
    /** In every work directory from its creation: only a folder with it is ever removed as stale. */
    public static final String MARKER = ".longscribe-work-dir";
    private static final Pattern NAME = Pattern.compile("longscribe-(\\d+)-[^/]+");

    private WorkDirs() {
    }

    /** A fresh work directory for this process under {@code parent}. */
    public static Path create(Path parent) throws OutputNotWritableException {
        try {
            Path dir = Files.createTempDirectory(parent, "longscribe-" + ProcessHandle.current().pid() + "-");
            Files.createFile(dir.resolve(MARKER));
            return dir;
        } catch (IOException e) {
            throw new OutputNotWritableException(parent, "cannot create a work directory for the decoded audio: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code dir} is one of ours (so it is safe to delete, and its WAV to map): our name, a
     * real directory of this user's that no one else may write, our marker in it. Another user's
     * folder under our name, marker and all, is neither read nor removed.
     */
    public static boolean isWorkDir(Path dir) {
        return dir != null && dir.getFileName() != null && NAME.matcher(dir.getFileName().toString()).matches()
                && TempFiles.isRealDirectory(dir) && Owner.isOurs(dir) && TempFiles.isRegularFile(dir.resolve(MARKER));
    }

    /** Marks {@code dir} as needed by {@code journal}, so that no other run removes it as stale. */
    public static void keepFor(Path dir, Path journal) throws IOException {
        try (java.nio.channels.FileChannel out = TempFiles.createExclusive(dir.resolve(JOURNAL_LINK))) {
            out.write(java.nio.ByteBuffer.wrap(journal.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    /**
     * Whether {@code wav}, as a journal's header names it, is the decoded audio kept for that very
     * journal: a regular file of this user's directly in a real work directory of ours (which no one
     * else may write, so its files are as they were left) whose {@value #JOURNAL_LINK}
     * names {@code journal}. A hand-edited header that points elsewhere (another folder, a link, a
     * work directory kept for another output) is not believed: that WAV is neither mapped nor removed.
     */
    public static boolean keptFor(Path wav, Path journal) {
        Path dir = wav.toAbsolutePath().normalize().getParent();
        if (!isWorkDir(dir) || !TempFiles.isRegularFile(wav) || !Owner.owns(wav)
                || !wav.toAbsolutePath().normalize().equals(wav.toAbsolutePath())) {
            return false;
        }
        Path link = dir.resolve(JOURNAL_LINK);
        try {
            return TempFiles.isRegularFile(link) && Owner.owns(link) && Path.of(Files.readString(link, StandardCharsets.UTF_8).strip())
                    .equals(journal.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Removes work directories under {@code parent} left by processes that no longer run; best effort. */
    public static void removeStale(Path parent) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, "longscribe-*")) {
            for (Path dir : dirs) {
                Matcher m = NAME.matcher(dir.getFileName().toString());
                if (!isWorkDir(dir) || !m.matches() || TempFiles.ownerRunning(m.group(1)) || neededByJournal(dir)) {
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

package org.longscribe.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Temporary files and directories of runs in progress, removed by a shutdown hook if the process is
 * stopped (Ctrl-C, SIGTERM) before the run's own cleanup: a stopped run leaves neither a decoded WAV
 * in the temp directory nor a half-written file beside the output. (Linux keeps a deleted file's
 * pages alive while a mapping of it exists, so removing it under a running worker is safe.)
 *
 * <p>The one way longscribe creates a temporary ({@link #createExclusive}) and cleans up after
 * itself ({@link #deleteOwn}, {@link #delete}): output folders are filled by other people, so a
 * name of ours may be a symbolic link planted there. Nothing here ever follows one: a temporary is
 * created anew (never opened through a link, never truncating what a link points at), a cleanup lists
 * only real directories and removes links as links.
 */
public final class TempFiles {
    /** Readable and writable by this user alone: for what longscribe reads back as its own. */
    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(TempFiles::deleteTree), "longscribe-cleanup"));
    }

    private TempFiles() {
    }

    /** Removes {@code path} at exit unless {@link #forget} or {@link #delete} is called first. */
    public static void register(Path path) {
        LIVE.add(path);
    }

    /** No longer removes {@code path} at exit (it was renamed into place). */
    public static void forget(Path path) {
        LIVE.remove(path);
    }

    /** Removes {@code path} (a file, or a directory with its contents) now; best effort. */
    public static void delete(Path path) {
        deleteTree(path);
        LIVE.remove(path);
    }

    /**
     * Creates the temporary file {@code temp} for writing, exclusively: whatever is at that name (a
     * file a killed run left, or a symbolic link someone planted) is removed first, as itself, and
     * the new file is created only if nothing appeared there since. The caller closes the channel.
     */
    public static FileChannel createExclusive(Path temp) throws IOException {
        return createExclusive(temp, null);
    }

    /** As {@link #createExclusive(Path)}, with the file's mode ({@link #PRIVATE}, say) rather than the umask's. */
    public static FileChannel createExclusive(Path temp, Set<PosixFilePermission> mode) throws IOException {
        for (int attempt = 0; ; attempt++) {
            removeNotFollowing(temp);
            try {
                return FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                        mode == null ? new java.nio.file.attribute.FileAttribute<?>[0]
                                : new java.nio.file.attribute.FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)});
            } catch (FileAlreadyExistsException raced) {
                if (attempt >= 2) {
                    throw raced; // something keeps putting a file there: not ours to fight over
                }
            }
        }
    }

    /**
     * Opens the existing temporary {@code temp} to append to it (a download resumed where a killed
     * run left it): only when it is a regular file; a link or anything else there is removed (as
     * itself) and a new empty file created. The caller closes the channel.
     */
    public static FileChannel openExclusiveForAppend(Path temp) throws IOException {
        if (isRegularFile(temp)) {
            return FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
        }
        return createExclusive(temp);
    }

    /** Whether {@code path} is a regular file itself, not a link to one. */
    public static boolean isRegularFile(Path path) {
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
    }

    /** Whether {@code path} is a directory itself, not a link to one. */
    public static boolean isRealDirectory(Path path) {
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Removes the entries of {@code dir} whose names {@code ours} accepts: regular files, and
     * symbolic links as links; never a directory, and nothing at all when {@code dir} is not itself
     * a directory (a link to someone's folder is not listed). Best effort; returns how many went.
     */
    public static int deleteOwn(Path dir, Predicate<String> ours) {
        if (!isRealDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (!ours.test(entry.getFileName().toString())) {
                    continue;
                }
                BasicFileAttributes a = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile() || a.isSymbolicLink()) {
                    Files.deleteIfExists(entry);
                    removed++;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // left as it was; the next run tries again
        }
        return removed;
    }

    private static void removeNotFollowing(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(path.toString(), null, "a directory is in the way of a temporary file");
        }
        Files.deleteIfExists(path); // a link is removed as a link
    }

    /**
     * Removes the entries of {@code dir} named {@code prefix} + a process id whose process is gone
     * (what a run killed with SIGKILL, which gets no cleanup, was working in); a folder whole, a link
     * as a link. Best effort.
     */
    public static void deleteDeadOwners(Path dir, String prefix) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, prefix + "*")) {
            for (Path entry : entries) {
                if (!ownerRunning(entry.getFileName().toString().substring(prefix.length()))) {
                    delete(entry);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // left as it was; the caller works in a folder of its own
        }
    }

    /**
     * Whether the process {@code pid} (as written into a temporary file's name) still runs, so its
     * temporaries are in use; a name that is not a number is treated as in use.
     */
    public static boolean ownerRunning(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** Removes {@code path}; a link is removed as a link, and a walk never descends through one. */
    private static void deleteTree(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // left for the OS's tmp cleaner; the names say longscribe
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}

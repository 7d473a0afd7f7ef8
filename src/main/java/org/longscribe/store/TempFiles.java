package org.longscribe.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Temporary files and directories of runs in progress, removed by a shutdown hook if the process is
 * stopped (Ctrl-C, SIGTERM) before the run's own cleanup: a stopped run leaves neither a decoded WAV
 * in the temp directory nor a half-written file beside the output. (Linux keeps a deleted file's
 * pages alive while a mapping of it exists, so removing it under a running worker is safe.)
 */
public final class TempFiles {
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

    private static void deleteTree(Path path) {
        if (!Files.exists(path)) {
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

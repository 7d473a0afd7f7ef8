package org.longscribe.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.longscribe.error.OutputNotWritableException;

/**
 * An output file that appears only whole: bytes go to a temporary file beside the target (same
 * directory, so the final rename is atomic), which replaces the target on {@link #commit()}. Until
 * then the target is untouched; {@link #close()} without commit removes the temporary file.
 *
 * <p>The temporary file is created at once, so an unwritable destination is reported before an
 * hour of recognition, not after. It is created exclusively ({@link TempFiles#createExclusive}): a
 * link planted at its name is removed, never written through. A target that is not a regular file
 * (a FIFO, a device, {@code /dev/stdout}) is written into as a stream, never replaced.
 */
public final class AtomicOutput implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private boolean committed;

    private AtomicOutput(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
    }

    /**
     * An output at a name longscribe chose (in OUT_DIR, beside a recording): whatever is at that name
     * that is not a directory (a file, a link someone planted, a FIFO) is replaced by the rename,
     * never written through.
     */
    public static AtomicOutput create(Path target) throws OutputNotWritableException {
        return create(target, false, false);
    }

    /**
     * An output the user named ({@code -o FILE}): a symbolic link there is the user's and is written
     * through (the new file goes beside what it points at, so the link stays); a FIFO, a device or a
     * terminal ({@code /dev/stdout}) is written into as it is, never replaced. With {@code followable}
     * the temporary file is named {@code TARGET.partial} so that a reader can follow it while it
     * grows (JSON Lines); it still becomes TARGET only when complete.
     */
    public static AtomicOutput createForUser(Path target, boolean followable) throws OutputNotWritableException {
        return create(target, followable, true);
    }

    private static AtomicOutput create(Path target, boolean followable, boolean named) throws OutputNotWritableException {
        Path absolute = target.toAbsolutePath();
        if (named ? Files.isDirectory(absolute) : TempFiles.isRealDirectory(absolute)) {
            throw new OutputNotWritableException(target, "is a directory", null);
        }
        if (!named) {
            return inPlaceOf(target, absolute, false);
        }
        if (Files.isSymbolicLink(absolute)) {
            // The user's own link (say -o latest.json -> archive/2026.json): written through, atomically
            // beside what it points at, so the link stays a link. A link to a FIFO or terminal streams.
            try {
                absolute = absolute.toRealPath();
            } catch (IOException dangling) {
                throw new OutputNotWritableException(target, "is a symbolic link to nothing (" + WriteFailure.reason(dangling) + ")", dangling);
            }
        }
        if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
            return stream(target, absolute); // a FIFO, a device, /dev/stdout: never replaced by a file
        }
        return inPlaceOf(target, absolute, followable);
    }

    private static AtomicOutput inPlaceOf(Path target, Path absolute, boolean followable) throws OutputNotWritableException {
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new OutputNotWritableException(target, "directory " + dir + " does not exist", null);
        }
        removeStaleTemporaries(dir, absolute.getFileName().toString());
        Path temp = followable ? dir.resolve(absolute.getFileName() + ".partial")
                : dir.resolve("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "-" + HOST + "."
                + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            FileChannel channel = TempFiles.createExclusive(temp);
            TempFiles.register(temp);
            return new AtomicOutput(absolute, temp, channel);
        } catch (AccessDeniedException e) {
            throw new OutputNotWritableException(target, "permission denied in " + dir, e);
        } catch (IOException e) {
            throw new OutputNotWritableException(target, "cannot create a file in " + dir + ": " + WriteFailure.reason(e), e);
        }
    }

    /**
     * Whether writing {@code target} replaces it with a new file (a regular file, or nothing yet); false
     * for a FIFO, a device or a terminal, which are written into as they are. Output of the second kind
     * keeps no journal: there is nothing to resume into.
     */
    public static boolean replaces(Path target) {
        try {
            Path real = Files.isSymbolicLink(target) ? target.toRealPath() : target;
            return !Files.exists(real) || Files.isRegularFile(real);
        } catch (IOException e) {
            return true;
        }
    }

    private static AtomicOutput stream(Path target, Path real) throws OutputNotWritableException {
        try {
            FileChannel channel = FileChannel.open(real, StandardOpenOption.WRITE);
            return new AtomicOutput(real, null, channel);
        } catch (IOException e) {
            throw new OutputNotWritableException(target, "cannot be opened for writing: " + WriteFailure.reason(e), e);
        }
    }

    /**
     * This machine, in temporaries' names: a folder that several machines write (an NFS mount that
     * Spark executors share) holds temporaries of processes that are running elsewhere, and only
     * this machine's can be told dead by their PID.
     */
    static final String HOST = hostTag();

    private static String hostTag() {
        String name = null;
        try {
            name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip(); // no name lookup that could wait on DNS
        } catch (IOException | RuntimeException e) {
            name = System.getenv().getOrDefault("HOSTNAME", System.getenv().getOrDefault("COMPUTERNAME", "localhost"));
        }
        return FileNames.shortHash(name);
    }

    /**
     * Removes temporary files of {@code name} left by runs that were killed (SIGKILL runs no cleanup):
     * this machine's whose process no longer exists (and those of the older form, without a
     * machine). Best effort.
     */
    private static void removeStaleTemporaries(Path dir, String name) {
        java.util.regex.Pattern ours = java.util.regex.Pattern.compile(
                "\\." + java.util.regex.Pattern.quote(name) + "\\.(\\d+)(?:-([0-9a-f]+))?\\.[0-9a-f]+\\.tmp");
        try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                java.util.regex.Matcher m = ours.matcher(entry.getFileName().toString());
                if (m.matches() && (m.group(2) == null || m.group(2).equals(HOST)) && !TempFiles.ownerRunning(m.group(1))) {
                    Files.deleteIfExists(entry);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // left as it was; the next run tries again
        }
    }

    public Path target() {
        return target;
    }

    /** A stream into the temporary file; closing it does not commit. */
    public OutputStream stream() {
        return new java.io.FilterOutputStream(Channels.newOutputStream(channel)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** Writes through {@code writer} into the temporary file and commits it; any failure leaves the target as it was. */
    public void writeAndCommit(Writer writer) throws IOException {
        try (OutputStream out = new java.io.BufferedOutputStream(stream(), 1 << 16)) {
            writer.write(out);
        } catch (IOException e) {
            throw new OutputNotWritableException(target, "write failed: " + WriteFailure.reason(e), e);
        }
        commit();
    }

    /** Something that writes the whole content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Forces the bytes to disk and renames the temporary file over the target. */
    public void commit() throws OutputNotWritableException {
        if (temp == null) { // written straight into a FIFO or device: nothing to rename
            committed = true;
            close();
            return;
        }
        try {
            channel.force(true);
            channel.close();
            moveIntoPlace(temp, target);
            committed = true;
            TempFiles.forget(temp);
        } catch (IOException e) {
            throw new OutputNotWritableException(target, "cannot finish writing: " + WriteFailure.reason(e), e);
        }
    }

    /** Renames {@code temp} over {@code target}: atomically where the file system can (same directory). */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to lose
        }
        if (!committed && temp != null) {
            TempFiles.delete(temp);
        }
    }
}

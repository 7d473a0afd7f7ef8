package org.longscribe.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.longscribe.error.OutputNotWritableException;

/**
 * An OS file lock (fcntl on Linux) held through a small file of ours: the kernel drops it when the
 * process dies, even by SIGKILL, so a killed run never leaves a stale lock behind. The file is never
 * opened through a symbolic link: one planted at its name is removed as a link, so the lock cannot be
 * turned into a write (the pid it records) into someone else's file.
 */
public final class LockFile implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean removeOnClose;

    private LockFile(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Removes the lock's file when it is released (still held while it goes): for a lock beside
     * someone's folder, which should leave nothing behind. A run that opened the old file just before
     * may then lock it too; what it guards must be checked again under the lock (as installing does).
     */
    public LockFile removedOnClose() {
        removeOnClose = true;
        return this;
    }

    /**
     * The lock on {@code file}, or empty when another run (or this JVM) holds it ({@link #holder}
     * says whose). The file is created readable by this user alone: anyone who may read it could
     * hold a shared lock on it and keep every run out. Only a regular file is opened: a FIFO planted
     * at the name would block the open for ever, a device would be written to.
     */
    public static Optional<LockFile> tryAcquire(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            Files.deleteIfExists(file);
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputNotWritableException(file, "is not a regular file (a FIFO, socket, device or folder is at the lock's name);"
                    + " remove it", null);
        }
        FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(TempFiles.PRIVATE));
        if (Owner.owns(file) && !Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(TempFiles.PRIVATE)) {
            Files.setPosixFilePermissions(file, TempFiles.PRIVATE); // made by an older version, readable by all
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very JVM
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
        return Optional.of(new LockFile(file, channel, lock));
    }

    /**
     * Who holds the lock on {@code file}, for a line that says why a run did nothing: "another
     * longscribe run (process N)", or "process N of another user (uid U)" when the holder is not
     * this user (as the kernel's table of locks, /proc/locks, tells).
     */
    public static String holder(Path file) {
        try {
            long ino = ((Number) Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
            for (String line : Files.readAllLines(Path.of("/proc/locks"), StandardCharsets.US_ASCII)) {
                String[] f = line.trim().split("\\s+");
                // "1: POSIX  ADVISORY  WRITE 1234 08:01:5678 0 EOF" (or "->" before a waiting lock's fields)
                int at = f.length > 1 && f[1].equals("->") ? 1 : 0;
                if (f.length < at + 6) {
                    continue;
                }
                String[] device = f[at + 5].split(":");
                if (device.length == 3 && device[2].equals(Long.toString(ino))) {
                    String pid = f[at + 4];
                    long uid = Owner.ownerOf(Path.of("/proc", pid));
                    return uid >= 0 && uid != Owner.uid() ? "process " + pid + " of another user (uid " + uid + ")"
                            : "another longscribe run (process " + pid + ")";
                }
            }
        } catch (IOException | RuntimeException e) {
            // no table of locks here: said without a process
        }
        long owner = Owner.ownerOf(file);
        return owner >= 0 && owner != Owner.uid() ? "another user (the lock file is uid " + owner + "'s)" : "another longscribe run";
    }

    @Override
    public void close() throws IOException {
        try {
            if (removeOnClose) {
                Files.deleteIfExists(file);
            }
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}

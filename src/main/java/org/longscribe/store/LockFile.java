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
import java.util.Optional;

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

    /** The lock on {@code file}, or empty when another run (or this JVM) holds it. */
    public static Optional<LockFile> tryAcquire(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            Files.deleteIfExists(file);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
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

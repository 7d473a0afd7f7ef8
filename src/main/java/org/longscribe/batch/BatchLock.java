package org.longscribe.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.longscribe.store.LockFile;

/**
 * The lock on an output directory that batch and feed take, so that two runs (tonight's and a late
 * one from last night) never write the same transcripts: {@value #FILE_NAME} in OUT_DIR, a
 * {@link LockFile}.
 */
public final class BatchLock implements AutoCloseable {
    public static final String FILE_NAME = ".longscribe-batch.lock";
    private final LockFile lock;

    private BatchLock(LockFile lock) {
        this.lock = lock;
    }

    /** The lock, or empty when another run holds it. */
    public static Optional<BatchLock> tryAcquire(Path outDir) throws IOException {
        return LockFile.tryAcquire(outDir.resolve(FILE_NAME)).map(BatchLock::new);
    }

    /** Who holds OUT_DIR's lock, for the line that says a run did nothing ({@link LockFile#holder}). */
    public static String holder(Path outDir) {
        return LockFile.holder(outDir.resolve(FILE_NAME));
    }

    @Override
    public void close() throws IOException {
        lock.close();
    }
}

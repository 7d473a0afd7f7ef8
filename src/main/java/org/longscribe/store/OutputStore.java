package org.longscribe.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a job's outputs go, under one root, by relative name ({@code sub/talk.json}). Every file
 * appears whole under its name or not at all: it is written under a temporary name beside it and
 * renamed into place when complete, so a killed run never leaves half a transcript.
 *
 * <p>{@link LocalStore} writes to a local directory; the Spark job has a Hadoop one (HDFS, S3, ...).
 */
public interface OutputStore {
    /** Writes {@code name} through {@code writer}, replacing it only when the writer has returned. */
    void write(String name, AtomicOutput.Writer writer) throws IOException;

    /** Whether {@code name} is there, as a file. */
    boolean exists(String name) throws IOException;

    /** The content of {@code name}, or empty when there is no such file; the caller closes the stream. */
    Optional<InputStream> read(String name) throws IOException;

    /** Removes {@code name} if it is there (a link as a link); nothing else. */
    void delete(String name) throws IOException;

    /**
     * Where {@code name} is on the local file system, when the store is local: the journal of a
     * recording and its decoded WAV need a local path beside it.
     */
    Optional<Path> localPath(String name);
}

package org.longscribe.error;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A failure the user can act on: it names the file and says what is wrong, in one line.
 * The CLI maps each subclass to its exit code; nothing else needs a stack trace.
 */
public abstract class LongscribeException extends IOException {
    private final Path path;
    private final String problem;

    protected LongscribeException(Path path, String problem, Throwable cause) {
        super(path == null ? problem : path + ": " + problem, cause);
        this.path = path;
        this.problem = problem;
    }

    /** What is wrong, without the file name (for lines that name the file already). */
    public String problem() {
        return problem;
    }

    /** The file the problem is about, or null when it is not about one file. */
    public Path path() {
        return path;
    }

    /** The process exit code this failure maps to (sysexits.h values). */
    public abstract int exitCode();
}

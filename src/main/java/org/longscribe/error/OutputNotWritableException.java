package org.longscribe.error;

import java.nio.file.Path;

/** The transcript (or a temporary file) cannot be written (exit 73, EX_CANTCREAT). */
public final class OutputNotWritableException extends LongscribeException {
    public OutputNotWritableException(Path path, String problem, Throwable cause) {
        super(path, problem, cause);
    }

    /** What went wrong, in a few words: the OS's reason rather than the exception's "path: reason" text. */
    public static String reason(java.io.IOException e) {
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public int exitCode() {
        return ExitCode.CANT_CREATE;
    }
}

package org.longscribe.error;

import java.nio.file.Path;

/** The transcript (or a temporary file) cannot be written (exit 73, EX_CANTCREAT). */
public final class OutputNotWritableException extends LongscribeException {
    public OutputNotWritableException(Path path, String problem, Throwable cause) {
        super(path, problem, cause);
    }

    @Override
    public int exitCode() {
        return ExitCode.CANT_CREATE;
    }
}

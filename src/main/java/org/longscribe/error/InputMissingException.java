package org.longscribe.error;

import java.nio.file.Path;

/** The input does not exist, is not a regular file, or cannot be read (exit 66, EX_NOINPUT). */
public final class InputMissingException extends LongscribeException {
    public InputMissingException(Path path, String problem) {
        super(path, problem, null);
    }

    public InputMissingException(Path path, String problem, Throwable cause) {
        super(path, problem, cause);
    }

    @Override
    public int exitCode() {
        return ExitCode.NO_INPUT;
    }
}

package org.longscribe.error;

import java.nio.file.Path;

/** The input exists but holds no audio we can decode (exit 65, EX_DATAERR). */
public final class UndecodableInputException extends LongscribeException {
    public UndecodableInputException(Path path, String problem) {
        super(path, problem, null);
    }

    public UndecodableInputException(Path path, String problem, Throwable cause) {
        super(path, problem, cause);
    }

    @Override
    public int exitCode() {
        return ExitCode.DATA_ERROR;
    }
}

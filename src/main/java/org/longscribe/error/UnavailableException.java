package org.longscribe.error;

import java.nio.file.Path;

/** A service longscribe needs cannot be reached: a model list or download server (exit 69, EX_UNAVAILABLE). */
public final class UnavailableException extends LongscribeException {
    public UnavailableException(Path what, String problem, Throwable cause) {
        super(what, problem, cause);
    }

    @Override
    public int exitCode() {
        return ExitCode.UNAVAILABLE;
    }
}

package org.longscribe.error;

import java.nio.file.Path;

/** Another longscribe run is working on the same output (exit 75, EX_TEMPFAIL: try again later). */
public final class BusyException extends LongscribeException {
    public BusyException(Path path, String problem) {
        super(path, problem, null);
    }

    @Override
    public int exitCode() {
        return ExitCode.TEMP_FAIL;
    }
}

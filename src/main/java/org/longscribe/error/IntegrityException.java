package org.longscribe.error;

import java.nio.file.Path;

/**
 * Downloaded data is not what it claims to be: a size or checksum that does not match the list, a
 * zip that would write outside its directory or expand beyond bounds (exit 65, EX_DATAERR).
 */
public final class IntegrityException extends LongscribeException {
    public IntegrityException(Path what, String problem) {
        super(what, problem, null);
    }

    @Override
    public int exitCode() {
        return ExitCode.DATA_ERROR;
    }
}

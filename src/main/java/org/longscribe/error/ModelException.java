package org.longscribe.error;

import java.nio.file.Path;

/** The model directory is missing or is not a Vosk model. A usage problem: exit 2. */
public final class ModelException extends LongscribeException {
    public ModelException(Path path, String problem) {
        super(path, problem, null);
    }

    @Override
    public int exitCode() {
        return ExitCode.USAGE;
    }
}

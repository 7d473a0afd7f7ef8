package org.longscribe.store;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.longscribe.error.OutputNotWritableException;

/** How a failed write is told, the same for every file longscribe writes (exit 73). */
public final class WriteFailure {
    private WriteFailure() {
    }

    /** What went wrong, in a few words: the OS's reason rather than the exception's "path: reason" text. */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** "PATH: cannot write WHAT: REASON", for {@code path}, which holds {@code what}. */
    public static OutputNotWritableException cannotWrite(Path path, String what, IOException e) {
        return new OutputNotWritableException(path, "cannot write " + what + ": " + reason(e), e);
    }
}

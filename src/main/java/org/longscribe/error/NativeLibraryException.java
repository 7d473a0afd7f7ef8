package org.longscribe.error;

/**
 * Vosk's or FFmpeg's native library could not be loaded. Both are unpacked from their jars into a
 * temporary or cache directory first, so the usual cause is a full disk there (exit 73, as for any
 * file that cannot be written); anything else is an installation problem (exit 70).
 */
public final class NativeLibraryException extends LongscribeException {
    public NativeLibraryException(Throwable cause) {
        super(null, describe(cause), cause);
    }

    @Override
    public int exitCode() {
        return isWriteFailure(messages(getCause())) ? ExitCode.CANT_CREATE : ExitCode.INTERNAL;
    }

    private static String describe(Throwable cause) {
        String all = messages(cause);
        String detail = all.lines().filter(l -> l.contains("temporary file") || l.contains("No space left"))
                .findFirst().orElse(all.lines().findFirst().orElse(cause.getClass().getSimpleName())).strip();
        return "cannot load a native library (" + detail + ")" + (isWriteFailure(all)
                ? ": is the disk with " + System.getProperty("java.io.tmpdir") + " or ~/.javacpp full?"
                : ": this platform may not be supported (Linux, macOS or Windows on x86-64 or arm64)");
    }

    private static boolean isWriteFailure(String messages) {
        return messages.contains("File too large") || messages.contains("No space left")
                || messages.contains("Failed to create temporary file");
    }

    /** The messages of {@code cause}, its causes and what they suppressed (JNA puts each attempt there), a line each. */
    private static String messages(Throwable cause) {
        StringBuilder s = new StringBuilder(String.valueOf(cause.getMessage()));
        for (Throwable t = cause; t != null; t = t.getCause()) {
            for (Throwable x : t.getSuppressed()) {
                s.append('\n').append(x.getMessage());
            }
            if (t.getCause() != null) {
                s.append('\n').append(t.getCause().getMessage());
            }
        }
        return s.toString();
    }
}

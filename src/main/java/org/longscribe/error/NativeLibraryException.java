package org.longscribe.error;

/**
 * Vosk's or FFmpeg's native library could not be loaded. Both are unpacked from their jars into a
 * temporary or cache directory first, so the usual cause is a full disk there (exit 73, as for any
 * file that cannot be written); anything else is an installation problem (exit 70).
 */
public final class NativeLibraryException extends LongscribeException {
    private final boolean cannotWrite;

    public NativeLibraryException(Throwable cause) {
        super(null, describe(cause), cause);
        String all = String.valueOf(cause.getMessage()) + suppressed(cause);
        this.cannotWrite = all.contains("File too large") || all.contains("No space left")
                || all.contains("Failed to create temporary file");
    }

    @Override
    public int exitCode() {
        return cannotWrite ? ExitCode.CANT_CREATE : ExitCode.INTERNAL;
    }

    private static String describe(Throwable cause) {
        String all = String.valueOf(cause.getMessage()) + suppressed(cause);
        String detail = all.lines().filter(l -> l.contains("temporary file") || l.contains("No space left"))
                .findFirst().orElse(all.lines().findFirst().orElse(cause.getClass().getSimpleName())).strip();
        boolean write = all.contains("File too large") || all.contains("No space left")
                || all.contains("Failed to create temporary file");
        return "cannot load a native library (" + detail + ")" + (write
                ? ": is the disk with " + System.getProperty("java.io.tmpdir") + " or ~/.javacpp full?"
                : ": this platform may not be supported (Linux, macOS or Windows on x86-64 or arm64)");
    }

    private static String suppressed(Throwable cause) {
        StringBuilder s = new StringBuilder();
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

package org.longscribe.asr.vosk;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.util.Map;
import org.vosk.LibVosk;

/**
 * What the vosk binding lacks: accept_waveform on a native pointer, so a slice of the mapped WAV
 * reaches Vosk with no copy, and the -1 error return is not hidden behind a boolean.
 *
 * <p>Registered against the very same libvosk that {@link LibVosk} loaded (same name and class
 * loader option, so JNA hands back its cached instance): loading a second copy works until exit
 * and then aborts the JVM with "double free detected".
 */
final class VoskNative {
    private static final NativeLibrary VOSK;

    static {
        // Make LibVosk load (and register) libvosk first.
        LibVosk.vosk_set_log_level(-1);
        VOSK = NativeLibrary.getInstance(Platform.isWindows() ? "libvosk" : "vosk",
                Map.of(Library.OPTION_CLASSLOADER, LibVosk.class.getClassLoader()));
        Native.register(VoskNative.class, VOSK);
        CLocale.numericC();
    }

    private VoskNative() {
    }

    /** Returns 1 at an endpoint (a result is ready), 0 to continue, -1 on error. */
    static native int vosk_recognizer_accept_waveform(Pointer recognizer, Pointer data, int length);

    /** Loads the class (and libvosk). */
    static void load() {
    }

    /** libvosk itself, for symbols beyond its C API ({@link LookaheadGraph}). */
    static NativeLibrary library() {
        return VOSK;
    }

    /**
     * Vosk writes its JSON with printf; under a locale whose decimal separator is a comma (which the
     * JVM may have set from LANG) the numbers would come out as "0,52". Numbers are formatted the C way.
     */
    private static final class CLocale {
        private static final int LC_NUMERIC = Platform.isMac() ? 4 : 1;

        static void numericC() {
            if (Platform.isWindows()) {
                return;
            }
            try {
                NativeLibrary.getInstance(Platform.C_LIBRARY_NAME)
                        .getFunction("setlocale").invokePointer(new Object[] {LC_NUMERIC, "C"});
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                // Results are still parsed; a comma locale would then show up as a parse error naming it.
            }
        }
    }
}

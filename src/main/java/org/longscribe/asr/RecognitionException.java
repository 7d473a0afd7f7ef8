package org.longscribe.asr;

import java.io.IOException;

/** The recognizer failed on a slice; the message names the slice. */
public final class RecognitionException extends IOException {
    public RecognitionException(String message, Throwable cause) {
        super(message, cause);
    }
}

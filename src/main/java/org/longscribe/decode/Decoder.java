package org.longscribe.decode;

import java.io.IOException;
import java.nio.file.Path;

/** Turns a recording in any container or codec into a 16 kHz mono 16-bit WAV file on disk. */
public interface Decoder {
    /**
     * Decodes {@code input} into {@code wav} (created or truncated), streaming, in constant memory.
     *
     * @return what was decoded, for the transcript's metadata
     * @throws org.longscribe.error.UndecodableInputException when the input holds no decodable audio
     */
    DecodedAudio decode(Path input, Path wav) throws IOException;
}

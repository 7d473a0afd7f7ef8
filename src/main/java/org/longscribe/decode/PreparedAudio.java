package org.longscribe.decode;

import java.nio.file.Path;

/**
 * A recording made ready for mapping: {@code wav} is 16 kHz mono 16-bit PCM.
 *
 * @param wav         the file to map: the input itself, or a decoded copy in the work directory
 * @param decoded     what the decoder did, or null when the input was used as is
 * @param decodeNanos time spent decoding (0 when used as is)
 */
public record PreparedAudio(Path wav, DecodedAudio decoded, long decodeNanos) {
    public boolean isTemporary() {
        return decoded != null;
    }
}

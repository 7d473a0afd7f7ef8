package org.longscribe.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.longscribe.asr.vosk.VoskModel;
import org.longscribe.pcm.WavHeader;
import org.vosk.Recognizer;

/**
 * The baseline longscribe is measured against: one Vosk recognizer fed a whole 16 kHz WAV
 * continuously in 4 KiB reads, as the vosk Java demo does. Not used by transcription.
 */
public final class ContinuousReference {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContinuousReference() {
    }

    /** The text one recognizer produces from the whole of {@code wav} (16 kHz mono s16). */
    public static String transcribe(VoskModel model, Path wav) throws IOException {
        long dataOffset;
        long dataLength;
        try (var channel = java.nio.channels.FileChannel.open(wav)) {
            WavHeader header = WavHeader.read(channel).orElseThrow(() -> new IOException(wav + ": not a WAV"));
            if (!header.isRecognizerFormat()) {
                throw new IOException(wav + ": not 16 kHz mono 16-bit PCM");
            }
            dataOffset = header.dataOffset();
            dataLength = header.dataLength();
        }
        StringBuilder text = new StringBuilder();
        try (Recognizer recognizer = model.newRecognizer(); InputStream in = Files.newInputStream(wav)) {
            in.skipNBytes(dataOffset);
            byte[] buffer = new byte[4096];
            long left = dataLength;
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= n;
                if (recognizer.acceptWaveForm(buffer, n)) {
                    append(text, recognizer.getResult());
                }
            }
            append(text, recognizer.getFinalResult());
        }
        return text.toString();
    }

    private static void append(StringBuilder text, String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        String t = root.path("text").asText("").strip();
        if (!t.isEmpty()) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(t);
        }
    }
}

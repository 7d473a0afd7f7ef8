package org.longscribe.decode;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.longscribe.error.InputMissingException;
import org.longscribe.error.OutputNotWritableException;
import org.longscribe.error.UndecodableInputException;
import org.longscribe.pcm.WavHeader;

/**
 * Checks the input, and decodes it to a WAV in {@code workDir} unless it already is 16 kHz mono
 * 16-bit PCM, in which case it is mapped as is (no decode, no copy).
 */
public final class AudioPreparer {
    private final Decoder decoder;

    public AudioPreparer(Decoder decoder) {
        this.decoder = decoder;
    }

    /**
     * Returns the WAV to map: {@code input} itself, or a decoded copy in {@code workDir}.
     * {@code onDecode} runs just before a decode starts.
     */
    public PreparedAudio prepare(Path input, Path workDir, Runnable onDecode) throws IOException {
        checkReadable(input);
        if (Files.size(input) == 0) {
            throw new UndecodableInputException(input, "is empty (0 bytes)");
        }
        String headerProblem;
        try (FileChannel channel = FileChannel.open(input, StandardOpenOption.READ)) {
            Optional<WavHeader> header = WavHeader.read(channel);
            if (header.isPresent() && header.get().isRecognizerFormat() && header.get().dataLength() > 0) {
                return new PreparedAudio(input, null, 0); // mapped as is: no decode, no copy
            }
            int code = header.map(WavHeader::formatCode).orElse(1);
            headerProblem = code == 1 || code == 3 ? null : "WAV format code " + code + " is not one FFmpeg decodes";
        } catch (WavHeader.WavFormatException e) {
            headerProblem = e.getMessage(); // FFmpeg may still read it; if not, this is the better reason
        }
        onDecode.run();
        Path wav = workDir.resolve("decoded.wav");
        long t0 = System.nanoTime();
        DecodedAudio decoded;
        try {
            decoded = decoder.decode(input, wav);
        } catch (UndecodableInputException e) {
            if (headerProblem != null) {
                throw new UndecodableInputException(input, headerProblem.startsWith("WAV format code") ? headerProblem
                        : "bad WAV header: " + headerProblem, e);
            }
            throw e;
        } catch (java.nio.file.FileSystemException e) {
            if (e.getFile() != null && Path.of(e.getFile()).equals(wav)) {
                throw new OutputNotWritableException(wav, "cannot write the decoded audio: " + e.getReason(), e);
            }
            throw e;
        }
        return new PreparedAudio(wav, decoded, System.nanoTime() - t0);
    }

    /** Fails with a message naming the problem unless {@code input} is a readable regular file. */
    public static void checkReadable(Path input) throws InputMissingException {
        if (Files.isDirectory(input)) {
            throw new InputMissingException(input, "is a directory, not a recording");
        }
        if (!Files.exists(input)) {
            throw new InputMissingException(input, "no such file");
        }
        if (!Files.isRegularFile(input)) {
            throw new InputMissingException(input, "is not a regular file");
        }
        try (FileChannel ignored = FileChannel.open(input, StandardOpenOption.READ)) {
            // opened: readable
        } catch (AccessDeniedException e) {
            throw new InputMissingException(input, "permission denied", e);
        } catch (NoSuchFileException e) {
            throw new InputMissingException(input, "no such file", e);
        } catch (IOException e) {
            throw new InputMissingException(input, "cannot be read: " + e.getMessage(), e);
        }
    }
}

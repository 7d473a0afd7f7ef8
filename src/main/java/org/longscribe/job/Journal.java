package org.longscribe.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.longscribe.asr.Utterance;
import org.longscribe.decode.DecodedAudio;
import org.longscribe.error.BusyException;
import org.longscribe.error.LongscribeException;
import org.longscribe.error.OutputNotWritableException;
import org.longscribe.store.AtomicOutput;
import org.longscribe.store.Owner;
import org.longscribe.store.RunKey;
import org.longscribe.store.WriteFailure;

/**
 * What a transcription has finished so far, kept beside its output so that a run killed part way
 * can be resumed. A JSON Lines file: the first line says what is being transcribed and how (the
 * input's size and modification time, the model, the settings, the decoded WAV), each further line
 * is one finished slice's utterances, written and flushed as soon as a worker has it.
 *
 * <p>Lines are in the order the slices finished, not the recording's: with two workers the second
 * block is done while the first is still running, and journaling in merge order lost it to a kill
 * (a 20-minute recording killed at 25 of 27 s resumed nothing). Each line names its slice (its
 * position in the recording) and block, so a rerun re-segments the same audio, takes every block
 * the journal holds whole, and recognises the rest; a slice's words depend on its block alone (see
 * {@code ParallelRecognizer}), so the transcript is the uninterrupted run's. A line cut short by a
 * kill, or otherwise unreadable, is ignored.
 *
 * <p>The open journal holds an OS lock, so a second run writing the same output is refused rather
 * than interleaved.
 */
public final class Journal implements AutoCloseable {
    /** Appended to the output's file name. */
    public static final String SUFFIX = ".longscribe-journal";
    private static final int VERSION = 2;
    private static final String HEADER = "longscribe journal header\n";
    private static final String SLICE = "longscribe journal slice\n";
    /** {@code ,"mac":"} + 64 hex digits + {@code "}}. */
    private static final int MAC_TAIL = 8 + 64 + 2;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * The first line. Two runs may share a journal when {@link #sameJob} holds.
     *
     * @param modified    the input's modification time, milliseconds since the epoch
     * @param settings    everything else that changes the words (segmenter, recognizer)
     * @param wav         the decoded WAV kept for a rerun, or null when the input is mapped as is
     * @param wavBytes    its size when complete
     * @param samples     samples in the mapped audio, checked again if the WAV must be decoded anew
     */
    public record Header(int journal, String input, long size, long modified, String model, String settings,
                         String wav, long wavBytes, long samples, DecodedAudio decoded) {
        /** {@code input}: the recording's absolute path, or a name every machine that shares the journal gives it. */
        public static Header of(String input, long size, long modified, String model, String settings) {
            return new Header(VERSION, input, size, modified, model, settings, null, 0, 0, null);
        }

        /** The same job, now with the audio it maps. */
        public Header withAudio(Path wavOrNull, long wavBytes, long samples, DecodedAudio decoded) {
            return new Header(journal, input, size, modified, model, settings,
                    wavOrNull == null ? null : wavOrNull.toAbsolutePath().toString(), wavBytes, samples, decoded);
        }

        /** Whether a journal written under {@code other} holds results valid for this job. */
        public boolean sameJob(Header other) {
            return journal == other.journal && input.equals(other.input) && size == other.size
                    && modified == other.modified && model.equals(other.model) && settings.equals(other.settings);
        }
    }

    /**
     * One finished slice: samples [start, end) of the mapped audio, the {@code slice}-th of the
     * recording, in block {@code block} (0 in journals older than blocks).
     */
    public record Slice(int slice, int block, long start, long end, List<Utterance> utterances) {
    }

    /** What an earlier run left: its slices in recording order, some perhaps missing. */
    public record Previous(Header header, List<Slice> slices) {
        private static final java.util.Comparator<Slice> BY_INDEX = java.util.Comparator.comparingInt(Slice::slice);

        public Previous {
            slices = slices.stream().sorted(BY_INDEX).toList();
        }

        /** The {@code index}-th slice of the recording, or null when the earlier run did not finish it. */
        public Slice slice(int index) {
            int at = java.util.Collections.binarySearch(slices, new Slice(index, 0, 0, 0, List.of()), BY_INDEX);
            return at >= 0 ? slices.get(at) : null;
        }
    }

    private final Path path;
    /** The job's identity, which every slice's proof binds. */
    private final String job;
    private final FileChannel channel;
    private final FileLock lock;
    /** The slices written, by index: each once. */
    private final java.util.BitSet written = new java.util.BitSet();

    private Journal(Path path, FileChannel channel, FileLock lock, String job) {
        this.job = job;
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /** The journal kept for the output {@code output}. */
    public static Path beside(Path output) {
        Path absolute = output.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + SUFFIX);
    }

    /**
     * Reads what an earlier run left at {@code path}: empty when there is nothing usable (no file,
     * another version, a header that does not parse). Fails when another process holds it open.
     */
    public static Optional<Previous> read(Path path) throws IOException {
        return read(path, line -> { });
    }

    /**
     * As {@link #read(Path)}, telling {@code notes} in one line why a journal that is there is not
     * believed: a file this user does not own, or one others may write, or lines without this user's
     * proof ({@link RunKey}) are someone else's words, however well they are formed.
     */
    public static Optional<Previous> read(Path path, java.util.function.Consumer<String> notes) throws IOException {
        List<String> lines;
        if (!org.longscribe.store.TempFiles.isRegularFile(path)) {
            return Optional.empty(); // nothing, or not ours (a link planted there is replaced by start())
        }
        if (!Owner.isOurs(path)) {
            notes.accept("not resuming: " + path + " was not written by this user (its owner or mode); starting clean");
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (FileLock ignored = channel.tryLock()) {
                if (ignored == null) {
                    throw busy(path);
                }
                lines = readLines(channel);
            } catch (OverlappingFileLockException e) {
                throw busy(path);
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        RunKey key = RunKey.current();
        String headerText = signed(lines.get(0));
        if (headerText == null || !key.verify(HEADER + headerText, mac(lines.get(0)))) {
            notes.accept("not resuming: " + path + " was not written by this user's longscribe (no proof, or one that does not match); starting clean");
            return Optional.empty();
        }
        Header header;
        try {
            header = JSON.readValue(headerText, Header.class);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (header.journal() != VERSION || header.input() == null || header.model() == null || header.settings() == null) {
            return Optional.empty();
        }
        try {
            if (header.wav() != null) {
                Path.of(header.wav());
            }
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
        List<Slice> slices = new ArrayList<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>(); // not a BitSet: a line may say slice 2^31-1
        String job = identity(header);
        int foreign = 0;
        for (String line : lines.subList(1, lines.size())) {
            String text = signed(line);
            if (text == null || !key.verify(SLICE + job + "\n" + text, mac(line))) {
                foreign++;
                continue;
            }
            try {
                Slice slice = JSON.readValue(text, Slice.class);
                if (slice.slice() >= 0 && slice.start() >= 0 && slice.end() >= slice.start() && slice.utterances() != null
                        && !slice.utterances().contains(null) && seen.add(slice.slice())) {
                    slices.add(slice);
                }
            } catch (JsonProcessingException e) {
                // the line a kill cut short (the last one): every other line stands on its own
            }
        }
        if (foreign > 0) {
            notes.accept(foreign + " line" + (foreign == 1 ? "" : "s") + " of " + path
                    + " not written by this user's longscribe: not taken");
        }
        return Optional.of(new Previous(header, slices));
    }

    /** {@code json} as a slice line of {@code header}'s job, with this user's proof (for tests that write lines by hand). */
    static String signedSlice(Header header, String json) {
        return withMac(json, SLICE + identity(header) + "\n" + json);
    }

    /** What a journal's line says, without its proof: null when it carries none. */
    private static String signed(String line) {
        int at = line.length() - MAC_TAIL;
        if (at < 1 || !line.startsWith(",\"mac\":\"", at) || !line.endsWith("\"}")) {
            return null;
        }
        return line.substring(0, at) + "}";
    }

    private static String mac(String line) {
        return line.substring(line.length() - MAC_TAIL + 8, line.length() - 2);
    }

    /** A line with its proof: the JSON object {@code json} with a last field, its HMAC under this user's key. */
    private static String withMac(String json, String signedAs) {
        return json.substring(0, json.length() - 1) + ",\"mac\":\"" + RunKey.current().sign(signedAs) + "\"}";
    }

    /** What makes two headers one job, as a slice's proof binds it: a slice line moved to another job's journal is not taken. */
    private static String identity(Header h) {
        try {
            return JSON.writeValueAsString(List.of(h.journal(), h.input(), h.size(), h.modified(), h.model(), h.settings()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> readLines(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size > Integer.MAX_VALUE - 16) {
            return List.of(); // not ours: a journal holds text, megabytes at most
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
            // read it all
        }
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        int from = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
            lines.add(text.substring(from, nl));
            from = nl + 1;
        }
        return lines; // a last line without its newline was cut short: left out
    }

    /**
     * Starts a journal at {@code path} for {@code header}, replacing whatever was there (written
     * under a temporary name, then renamed, so a kill now leaves the old one or the new one).
     */
    public static Journal start(Path path, Header header) throws IOException {
        Path temp = path.resolveSibling(path.getFileName() + ".new");
        FileChannel channel = null;
        try {
            channel = org.longscribe.store.TempFiles.createExclusive(temp, org.longscribe.store.TempFiles.PRIVATE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw busy(path);
            }
            Journal journal = new Journal(path, channel, lock, identity(header));
            String json = JSON.writeValueAsString(header);
            journal.writeLine(withMac(json, HEADER + json));
            AtomicOutput.moveIntoPlace(temp, path);
            return journal;
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw busy(path);
        } catch (IOException e) {
            closeQuietly(channel);
            Files.deleteIfExists(temp);
            if (e instanceof LongscribeException) {
                throw e;
            }
            throw WriteFailure.cannotWrite(path, "the journal", e);
        }
    }

    /**
     * Records a finished slice, in any order (workers call it as they finish); it is on its way to
     * disk when this returns.
     */
    public synchronized void append(Slice slice) throws IOException {
        if (slice.slice() < 0 || written.get(slice.slice())) {
            throw new IllegalArgumentException("slice " + slice.slice() + " already in " + path);
        }
        try {
            String json = JSON.writeValueAsString(slice);
            writeLine(withMac(json, SLICE + job + "\n" + json));
        } catch (IOException e) {
            throw WriteFailure.cannotWrite(path, "the journal", e);
        }
        written.set(slice.slice());
    }

    /** Slices recorded so far. */
    public synchronized int slices() {
        return written.cardinality();
    }

    private void writeLine(String json) throws IOException {
        // One write per line straight to the file, no buffer: a kill loses at most the line being written.
        ByteBuffer bytes = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Closes the file and releases the lock; the journal stays for a rerun. */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    /** Removes the journal at {@code path}, if any: the transcript it was for is complete. */
    public static void delete(Path path) throws IOException {
        Files.deleteIfExists(path);
    }

    private static BusyException busy(Path path) {
        return new BusyException(path, "another longscribe run is writing this output (its journal is locked)");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to lose
            }
        }
    }

    @Override
    public String toString() {
        return path + " (" + slices() + " slices)";
    }
}

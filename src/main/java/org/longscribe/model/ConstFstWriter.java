package org.longscribe.model;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.longscribe.store.TempFiles;

/**
 * Writes an FST in OpenFST's "const" format (fst/const-fst.h: a header, then every state's
 * {final weight, first arc, arcs, input epsilons, output epsilons}, then every arc's {input label,
 * output label, weight, next state}), the format Vosk reads graph/HCLG.fst in. States are added in
 * order; states and arcs go to two files beside the output as they come, so that a graph of ten
 * million arcs is written in constant memory, and are joined behind the header at the end.
 */
final class ConstFstWriter implements Closeable {
    private static final int VERSION = 2;
    /** OpenFST's kExpanded: every state is there to be counted. */
    private static final long EXPANDED = 0x1L;

    private final Path out;
    private final Path statesFile;
    private final Path arcsFile;
    private final FileChannel states;
    private final FileChannel arcs;
    private final ByteBuffer stateBuffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer arcBuffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private long stateCount;
    private long arcCount;

    /** {@code out} must not exist; its two parts are {@code out}.states and {@code out}.arcs until {@link #close}. */
    ConstFstWriter(Path out) throws IOException {
        this.out = out;
        this.statesFile = out.resolveSibling(out.getFileName() + ".states");
        this.arcsFile = out.resolveSibling(out.getFileName() + ".arcs");
        this.states = TempFiles.createExclusive(statesFile);
        this.arcs = TempFiles.createExclusive(arcsFile);
    }

    /** Adds the next state: its final weight and its arcs, packed as {@link org.longscribe.asr.vosk.LookaheadGraph#arcs}. */
    void addState(float finalWeight, int[] packedArcs) throws IOException {
        int count = packedArcs.length / 4;
        int inputEpsilons = 0;
        int outputEpsilons = 0;
        for (int i = 0; i < packedArcs.length; i += 4) {
            if (packedArcs[i] == 0) {
                inputEpsilons++;
            }
            if (packedArcs[i + 1] == 0) {
                outputEpsilons++;
            }
            if (arcBuffer.remaining() < 16) {
                drain(arcBuffer, arcs);
            }
            arcBuffer.putInt(packedArcs[i]).putInt(packedArcs[i + 1]).putInt(packedArcs[i + 2]).putInt(packedArcs[i + 3]);
        }
        if (stateBuffer.remaining() < 20) {
            drain(stateBuffer, states);
        }
        stateBuffer.putFloat(finalWeight).putInt((int) arcCount).putInt(count).putInt(inputEpsilons).putInt(outputEpsilons);
        stateCount++;
        arcCount += count;
        if (arcCount > 0xffffffffL) {
            throw new IOException("more than 2^32 arcs: too large for the const format");
        }
    }

    long states() {
        return stateCount;
    }

    long arcs() {
        return arcCount;
    }

    /** Writes {@code out}: the header, the states, the arcs (the two parts go at {@link #close}). */
    void finish(int start, long properties) throws IOException {
        drain(stateBuffer, states);
        drain(arcBuffer, arcs);
        try (FileChannel file = TempFiles.createExclusive(out)) {
            ByteBuffer header = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(FstHeader.MAGIC);
            putString(header, "const");
            putString(header, "standard");
            header.putInt(VERSION).putInt(0).putLong(properties | EXPANDED).putLong(start).putLong(stateCount).putLong(arcCount);
            drain(header, file);
            transfer(statesFile, file);
            transfer(arcsFile, file);
            file.force(false);
        }
    }

    private static void putString(ByteBuffer buffer, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        buffer.putInt(bytes.length).put(bytes);
    }

    private static void drain(ByteBuffer buffer, FileChannel channel) throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    private static void transfer(Path part, FileChannel to) throws IOException {
        try (FileChannel from = FileChannel.open(part, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = from.size();
            long done = 0;
            while (done < size) {
                done += from.transferTo(done, size - done, to);
            }
        }
    }

    /** Closes and removes the two parts (the output, once finished, stays). */
    @Override
    public void close() throws IOException {
        try (states; arcs) {
            // closed by try-with-resources
        } finally {
            TempFiles.delete(statesFile);
            TempFiles.delete(arcsFile);
        }
    }
}

package org.longscribe.model;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.longscribe.error.ModelException;

/**
 * The header of an OpenFST binary file (fst/fst.h, FstHeader), and the output symbol table that may
 * follow it: enough to tell a lookahead graph's halves by their types before libvosk reads them,
 * and to write the words a composed graph decodes to as Vosk reads them (graph/words.txt).
 * Little-endian, as OpenFST writes on the machines Vosk runs on.
 */
record FstHeader(String fstType, String arcType, int version, int flags, long properties, long start, long states,
        long arcs) {
    static final int MAGIC = 2125659606;
    private static final int SYMBOL_TABLE_MAGIC = 2125658996;
    private static final int HAS_INPUT_SYMBOLS = 1;
    private static final int HAS_OUTPUT_SYMBOLS = 2;
    /** Longer than any type name or word: a length past it means the file is not what it says. */
    private static final int MAX_STRING = 1 << 16;

    static FstHeader read(Path file) throws IOException {
        try (LittleEndian in = new LittleEndian(Files.newInputStream(file))) {
            return read(in, file);
        }
    }

    private static FstHeader read(LittleEndian in, Path file) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException(file + ": not an OpenFST file");
        }
        return new FstHeader(in.readString(), in.readString(), in.readInt(), in.readInt(), in.readLong(), in.readLong(),
                in.readLong(), in.readLong());
    }

    /**
     * Writes {@code file}'s output symbols to {@code words} as OpenFST's SymbolTable::WriteText does
     * ("word TAB id" a line, in the table's order, the word being the one OpenFST finds for the id:
     * the small English model maps both {@code <s>} and {@code </s>} to one id); fails when the file
     * has none.
     */
    static void writeOutputSymbols(Path file, Writer words) throws IOException {
        Symbols symbols;
        // Reading is the model's part, writing the output's: a damaged table is a bad model (exit 2),
        // a full disk while writing words.txt is not.
        try (LittleEndian in = new LittleEndian(Files.newInputStream(file))) {
            FstHeader header = read(in, file);
            if ((header.flags & HAS_OUTPUT_SYMBOLS) == 0) {
                throw new ModelException(file, "has no word list (output symbols)");
            }
            long length = Files.size(file);
            if ((header.flags & HAS_INPUT_SYMBOLS) != 0) {
                readSymbols(in, file, length);
            }
            symbols = readSymbols(in, file, length);
        } catch (EOFException e) {
            throw new ModelException(file, "ends inside its symbol table");
        } catch (ModelException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelException(file, "its word list cannot be read: " + e.getMessage().replace(file + ": ", ""));
        }
        for (long id : symbols.ids()) {
            words.write(symbols.byId().get(id));
            words.write('\t');
            words.write(Long.toString(id));
            words.write('\n');
        }
    }

    /** A symbol table: its ids in the table's order, and the symbol OpenFST finds for each. */
    private record Symbols(long[] ids, Map<Long, String> byId) {
    }

    /** A symbol takes at least this many bytes in a table: its string's length and its id. */
    private static final int MIN_SYMBOL_BYTES = 4 + 8;

    private static Symbols readSymbols(LittleEndian in, Path file, long fileBytes) throws IOException {
        if (in.readInt() != SYMBOL_TABLE_MAGIC) {
            throw new ModelException(file, "its symbol table is damaged");
        }
        in.readString(); // the table's name
        in.readLong(); // the next free id
        long size = in.readLong();
        // A count from the file is believed only as far as the file's length bears it out: nothing is
        // allocated for symbols that cannot be there.
        if (size < 0 || size > fileBytes / MIN_SYMBOL_BYTES) {
            throw new ModelException(file, "its symbol table is damaged (" + size + " symbols in a file of " + fileBytes + " bytes)");
        }
        long[] ids = new long[(int) size];
        Map<Long, String> byId = new HashMap<>();
        for (int i = 0; i < size; i++) {
            String symbol = in.readString();
            ids[i] = in.readLong();
            byId.put(ids[i], symbol); // two symbols with one id: OpenFST finds the later for it
        }
        return new Symbols(ids, byId);
    }

    private static final class LittleEndian implements AutoCloseable {
        private final DataInputStream in;

        LittleEndian(InputStream in) {
            this.in = new DataInputStream(new BufferedInputStream(in, 1 << 16));
        }

        int readInt() throws IOException {
            return Integer.reverseBytes(in.readInt());
        }

        long readLong() throws IOException {
            return Long.reverseBytes(in.readLong());
        }

        String readString() throws IOException {
            int length = readInt();
            if (length < 0 || length > MAX_STRING) {
                throw new IOException("a string of " + length + " bytes: not an OpenFST file, or a damaged one");
            }
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}

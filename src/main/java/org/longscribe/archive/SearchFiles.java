package org.longscribe.archive;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.longscribe.store.AtomicOutput;

/**
 * The search data's files: scripts that hand their JSON to {@code longscribeSearch([KEY, DATA])}.
 * A page opened from {@code file://} may not fetch() its neighbours, but it may run their scripts,
 * so the same files serve a web server, a file browser and {@code longscribe search}, which strips
 * the call and reads the JSON.
 */
final class SearchFiles {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPEN = "longscribeSearch(";
    private static final String CLOSE = ");\n";

    private SearchFiles() {
    }

    /** Writes {@code data} under {@code key} to {@code file}, atomically (a name of ours: never through a link). */
    static void write(Path file, String key, Object data) throws IOException {
        try (AtomicOutput out = AtomicOutput.create(file)) {
            out.writeAndCommit(stream -> {
                stream.write(OPEN.getBytes(StandardCharsets.US_ASCII));
                // Escaped so that no "</script>" or line separator can end the script early.
                JsonGenerator g = JSON.getFactory().createGenerator(stream);
                g.setCharacterEscapes(new com.fasterxml.jackson.core.io.CharacterEscapes() {
                    private final int[] escapes = standardAsciiEscapesForJSON();

                    {
                        escapes['<'] = ESCAPE_STANDARD;
                        escapes['>'] = ESCAPE_STANDARD;
                        escapes['&'] = ESCAPE_STANDARD;
                    }

                    @Override
                    public int[] getEscapeCodesForAscii() {
                        return escapes;
                    }

                    @Override
                    public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
                        return ch == 0x2028 || ch == 0x2029 ? new com.fasterxml.jackson.core.io.SerializedString(
                                String.format("\\u%04x", ch)) : null;
                    }
                });
                g.writeStartArray();
                g.writeString(key);
                JSON.writeValue(g, data); // the generator stays open: the array goes on
                g.writeEndArray();
                g.flush();
                stream.write(CLOSE.getBytes(StandardCharsets.US_ASCII));
            });
        }
    }

    /** The data a file hands over (not following a link: every file here is longscribe's own). */
    static JsonNode read(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + ": missing (or not a file of longscribe's)");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!text.startsWith(OPEN) || !text.endsWith(CLOSE)) {
            throw new IOException(file + ": not a longscribe search file");
        }
        JsonNode call = JSON.readTree(text.substring(OPEN.length(), text.length() - CLOSE.length()));
        return call.path(1);
    }
}

package org.longscribe.archive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.longscribe.error.OutputNotWritableException;

/**
 * Writes a segment: for every term of its recordings, in sorted order, the postings (recording ids
 * ascending as differences, then for each its number of positions and the positions as
 * differences, all {@link Varints}), cut into shards of about {@value Archive#SHARD_CHARS}
 * characters, {@code NAME/K.js}. A term is never split across shards, so a common word ("the")
 * may make a shard of its own, larger than the rest.
 */
final class Segments {
    private Segments() {
    }

    private static final class Postings {
        final StringBuilder text = new StringBuilder();
        int lastDoc;
    }

    /** {@code docs} ascending by id, each read once. */
    static Archive.Segment write(Path dir, String name, Iterable<DocWords> docs) throws IOException {
        TreeMap<String, Postings> terms = new TreeMap<>();
        long words = 0;
        List<Integer> ids = new ArrayList<>();
        for (DocWords d : docs) {
            ids.add(d.id());
            Map<String, List<Integer>> positions = new HashMap<>();
            for (int i = 0; i < d.terms().length; i++) {
                if (!d.terms()[i].isEmpty()) {
                    positions.computeIfAbsent(d.terms()[i], k -> new ArrayList<>()).add(i);
                }
            }
            words += d.terms().length;
            for (Map.Entry<String, List<Integer>> e : positions.entrySet()) {
                Postings p = terms.computeIfAbsent(e.getKey(), k -> new Postings());
                Varints.append(p.text, d.id() - p.lastDoc);
                p.lastDoc = d.id();
                Varints.append(p.text, e.getValue().size());
                int last = 0;
                for (int pos : e.getValue()) {
                    Varints.append(p.text, pos - last);
                    last = pos;
                }
            }
        }
        Path segment = dir.resolve(name);
        try {
            Files.createDirectory(segment);
        } catch (IOException e) {
            throw new OutputNotWritableException(segment, "cannot create a segment of the search data: " + e.getMessage(), e);
        }
        List<List<String>> shards = new ArrayList<>();
        ObjectNode shard = null;
        String first = null;
        int chars = 0;
        for (Map.Entry<String, Postings> e : terms.entrySet()) {
            if (shard == null) {
                shard = SearchFiles.JSON.createObjectNode();
                first = shards.isEmpty() ? "" : e.getKey();
            }
            shard.put(e.getKey(), e.getValue().text.toString());
            chars += e.getKey().length() + e.getValue().text.length() + 6;
            if (chars >= Archive.SHARD_CHARS) {
                flush(segment, name, shards, first, shard);
                shard = null;
                chars = 0;
            }
        }
        if (shard != null || shards.isEmpty()) {
            flush(segment, name, shards, shards.isEmpty() ? "" : first, shard == null ? SearchFiles.JSON.createObjectNode() : shard);
        }
        return new Archive.Segment(name, ids, words, shards);
    }

    private static void flush(Path segment, String name, List<List<String>> shards, String first, ObjectNode shard) throws IOException {
        String file = Integer.toString(shards.size());
        SearchFiles.write(segment.resolve(file + ".js"), name + "/" + file, shard);
        shards.add(List.of(first, file));
    }
}

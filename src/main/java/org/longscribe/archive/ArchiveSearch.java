package org.longscribe.archive;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A phrase searched in an archive's search data, the way its page (archive.js) searches it: each
 * term's postings from the one shard of each segment that can hold it (every shard a prefix
 * reaches, for the last term), positions that follow each other, newest recording first. Only
 * the hits shown have their recording's words read, for the words around them.
 */
public final class ArchiveSearch {
    /** Words shown either side of a hit. */
    public static final int AROUND = 8;

    /** One place the phrase was said. */
    public record Hit(String recording, String title, String page, String media, double seconds, String speaker,
                      String before, String match, String after) {
    }

    /** The hits to show ({@code limit} at most), how many there are in all, and what was read to find them. */
    public record Result(long total, List<Hit> hits, int filesRead, long bytesRead) {
    }

    private final Path dir;
    private final Archive.Catalog catalog;
    private final Map<Integer, Integer> rank = new HashMap<>();
    private final Map<Integer, Archive.Entry> entries = new HashMap<>();
    private final Set<Integer> deleted;
    /** Search files read so far (shards and words files), by key. */
    private final Map<String, JsonNode> files = new HashMap<>();
    private int filesRead;
    private long bytesRead;

    private ArchiveSearch(Path dir, Archive.Catalog catalog) {
        this.dir = dir;
        this.catalog = catalog;
        for (int i = 0; i < catalog.entries.size(); i++) {
            rank.put(catalog.entries.get(i).id(), i);
            entries.put(catalog.entries.get(i).id(), catalog.entries.get(i));
        }
        this.deleted = new HashSet<>(catalog.deleted);
    }

    /** The search data of OUT_DIR, when it has some. */
    public static Optional<ArchiveSearch> open(Path outDir) {
        Archive archive = new Archive(outDir);
        return archive.readCatalog().map(c -> new ArchiveSearch(archive.dir(), c));
    }

    public int recordings() {
        return catalog.entries.size();
    }

    public Result search(Terms.Phrase phrase, int limit) throws IOException {
        filesRead = 0;
        bytesRead = 0;
        List<Found> found = new ArrayList<>();
        if (!phrase.isEmpty()) {
            for (Archive.Segment s : catalog.segments) {
                found.addAll(inSegment(s, phrase));
            }
        }
        // Newest recording first (a recording is in one segment only); its places in order.
        found.sort(Comparator.comparingInt(Found::rank));
        long total = 0;
        List<Hit> hits = new ArrayList<>();
        for (Found f : found) {
            total += f.positions().length;
            for (int i = 0; i < f.positions().length && hits.size() < limit; i++) {
                hits.add(hit(f.doc(), f.positions()[i], phrase.terms().size()));
            }
        }
        return new Result(total, hits, filesRead, bytesRead);
    }

    /** A recording where the phrase is said, and the positions where it begins. */
    private record Found(int rank, int doc, int[] positions) {
    }

    private List<Found> inSegment(Archive.Segment s, Terms.Phrase phrase) throws IOException {
        List<Map<Integer, int[]>> postings = new ArrayList<>();
        for (int i = 0; i < phrase.terms().size(); i++) {
            boolean prefix = phrase.lastIsPrefix() && i == phrase.terms().size() - 1;
            Map<Integer, int[]> p = postings(s, phrase.terms().get(i), prefix);
            if (p.isEmpty()) {
                return List.of();
            }
            postings.add(p);
        }
        List<Found> found = new ArrayList<>();
        for (Map.Entry<Integer, int[]> first : postings.get(0).entrySet()) {
            int doc = first.getKey();
            if (deleted.contains(doc) || !rank.containsKey(doc)) {
                continue;
            }
            int[] at = first.getValue();
            for (int i = 1; i < postings.size() && at.length > 0; i++) {
                int[] next = postings.get(i).get(doc);
                int shift = i;
                at = next == null ? new int[0] : Arrays.stream(at).filter(p -> Arrays.binarySearch(next, p + shift) >= 0).toArray();
            }
            if (at.length > 0) {
                found.add(new Found(rank.get(doc), doc, at));
            }
        }
        return found;
    }

    /** A term's postings in a segment (for a prefix, every term it begins), by recording, positions sorted. */
    private Map<Integer, int[]> postings(Archive.Segment s, String term, boolean prefix) throws IOException {
        List<List<String>> list = s.shards();
        int from = 0;
        for (int k = 0; k < list.size(); k++) {
            if (list.get(k).get(0).compareTo(term) <= 0) {
                from = k;
            }
        }
        String end = term + '\uffff';
        Map<Integer, List<int[]>> lists = new HashMap<>();
        for (int k = from; k < list.size() && (k == from || list.get(k).get(0).compareTo(end) < 0); k++) {
            JsonNode shard = shard(s.name(), list.get(k).get(1));
            if (!prefix) {
                JsonNode text = shard.get(term);
                if (text != null) {
                    decode(text.asText(), lists);
                }
                break;
            }
            var names = shard.fieldNames();
            while (names.hasNext()) {
                String t = names.next();
                if (t.startsWith(term)) {
                    decode(shard.get(t).asText(), lists);
                }
            }
        }
        Map<Integer, int[]> result = new HashMap<>();
        for (Map.Entry<Integer, List<int[]>> e : lists.entrySet()) {
            if (e.getValue().size() == 1) {
                result.put(e.getKey(), e.getValue().get(0));
            } else { // several terms of one prefix: their positions interleave
                int[] all = e.getValue().stream().flatMapToInt(Arrays::stream).toArray();
                Arrays.sort(all);
                result.put(e.getKey(), all);
            }
        }
        return result;
    }

    /** Adds the postings in {@code text} to {@code into}: each recording's positions, one array per term. */
    static void decode(String text, Map<Integer, List<int[]>> into) {
        Varints.Reader r = new Varints.Reader(text);
        int doc = 0;
        while (r.more()) {
            doc += (int) r.next();
            int n = (int) r.next();
            int[] positions = new int[n];
            int pos = 0;
            for (int i = 0; i < n; i++) {
                pos += (int) r.next();
                positions[i] = pos;
            }
            into.computeIfAbsent(doc, k -> new ArrayList<>(1)).add(positions);
        }
    }

    /** A recording's words file, read once however many hits fall in it (as the page caches it); null when there is none. */
    private JsonNode docChunk(int doc, int c) throws IOException {
        String key = "doc/" + doc + "." + c;
        Path path = DocFiles.file(dir.resolve(Archive.DOCS), doc, c);
        return files.containsKey(key) || Files.isRegularFile(path) ? file(key, path) : null;
    }

    private JsonNode shard(String segment, String file) throws IOException {
        return file(segment + "/" + file, dir.resolve(segment).resolve(file + ".js"));
    }

    /** A search file, read and counted the first time it is asked for. */
    private JsonNode file(String key, Path path) throws IOException {
        JsonNode node = files.get(key);
        if (node == null) {
            node = SearchFiles.read(path);
            filesRead++;
            bytesRead += Files.size(path);
            files.put(key, node);
        }
        return node;
    }

    private Hit hit(int doc, int position, int length) throws IOException {
        Archive.Entry entry = entries.get(doc);
        int from = Math.max(0, position - AROUND);
        int to = position + length + AROUND;
        TreeMap<Integer, JsonNode> chunks = new TreeMap<>();
        for (int c = from / Archive.CHUNK; c <= (to - 1) / Archive.CHUNK; c++) {
            JsonNode chunk = docChunk(doc, c);
            if (chunk == null) {
                break;
            }
            chunks.put(c, chunk);
        }
        List<String> before = new ArrayList<>();
        List<String> match = new ArrayList<>();
        List<String> after = new ArrayList<>();
        double seconds = 0;
        String speaker = null;
        for (int i = from; i < to; i++) {
            JsonNode chunk = chunks.get(i / Archive.CHUNK);
            if (chunk == null || i % Archive.CHUNK >= chunk.path("w").size()) {
                break;
            }
            String word = chunk.path("w").get(i % Archive.CHUNK).asText();
            (i < position ? before : i < position + length ? match : after).add(word);
            if (i == position) {
                seconds = startMillis(chunk, i % Archive.CHUNK) / 1000.0;
                speaker = speakerAt(chunk, i);
            }
        }
        String recording = entry.json().substring(0, entry.json().length() - ".json".length());
        return new Hit(recording, entry.title(), entry.page(), entry.media(), seconds, speaker, String.join(" ", before),
                String.join(" ", match), String.join(" ", after));
    }

    static long startMillis(JsonNode chunk, int index) {
        Varints.Reader r = new Varints.Reader(chunk.path("s").asText());
        long t = 0;
        for (int i = 0; i <= index; i++) {
            t += r.nextSigned();
        }
        return t;
    }

    private static String speakerAt(JsonNode chunk, int position) {
        String speaker = null;
        for (JsonNode turn : chunk.path("turns")) {
            if (turn.get(0).asInt() <= position) {
                speaker = turn.get(1).isNull() ? null : turn.get(1).asText();
            }
        }
        return speaker;
    }
}

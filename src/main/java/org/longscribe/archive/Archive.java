package org.longscribe.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.longscribe.error.OutputNotWritableException;
import org.longscribe.store.AtomicOutput;
import org.longscribe.store.TempFiles;

/**
 * The archive of an OUT_DIR: every JSON transcript under it, listed on {@code OUT_DIR/index.html}
 * and searchable from that page and from {@code longscribe search}, through the search data in
 * {@code OUT_DIR/longscribe-search/}.
 *
 * <p>The search data is an inverted index cut the way Lucene cuts one: into segments that are
 * written once and never changed, each a set of recordings with its terms' postings (recording,
 * word positions) in sorted shards of about {@value #SHARD_CHARS} characters, so a query fetches
 * the few shards that hold its terms. Tonight's recordings become a new small segment (the work
 * grows with what was added); segments of like size are merged {@value #MERGE_FACTOR} at a time,
 * so a word is rewritten about log(archive) times in its life and a query reads a few dozen
 * segments at most. A recording's words, times and speakers are kept in its own files
 * ({@code docs/ID.CHUNK.js}, {@value #CHUNK} words each), fetched only for the hits shown.
 *
 * <p>Every file is written under a temporary name and renamed; the catalog and the manifest are
 * renamed last, so the page, the catalog and the files they name are whole at any moment of a run
 * killed part way. Segments merged away are removed one update later (a page opened before may
 * still be reading them); files no catalog names (a killed update's) are removed by the next.
 * Nothing here follows a link: the folder itself must be a real folder, and only names of ours are
 * removed from it.
 */
public final class Archive {
    /** The search data's folder in OUT_DIR (not hidden: static web servers often refuse dotfiles). */
    public static final String DIR = "longscribe-search";
    /** The listing in OUT_DIR. */
    public static final String PAGE = "index.html";
    static final String CATALOG = "catalog.json";
    static final String MANIFEST = "manifest.js";
    static final String DOCS = "docs";
    static final int FORMAT = 1;
    static final int CHUNK = 4096;
    static final int SHARD_CHARS = 64 * 1024;
    static final int MERGE_FACTOR = 6;
    /** A JSON file larger than this is not read as a transcript (a 10-hour one is about 8 MB); it is named in a line. */
    static final long MAX_TRANSCRIPT_BYTES = 256L << 20;
    /** New recordings become a segment every this many words (and at the end of an update). */
    static final long FLUSH_WORDS = 1_000_000;
    /** Segments under this many words count as this many when their level is reckoned. */
    static final long LEVEL_BASE = 20_000;
    private static final Pattern SEGMENT_NAME = Pattern.compile("s\\d{6}");
    private static final Pattern DOC_FILE = Pattern.compile("(\\d+)\\.\\d+\\.js");

    /** One recording in the listing, as the catalog keeps it. */
    public record Entry(int id, String json, long size, long modified, String title, String date, double duration,
                        int speakers, int words, String page, String media) {
    }

    /** A segment: its recordings and its shards, each named by its first term. */
    record Segment(String name, List<Integer> docs, long words, List<List<String>> shards) {
    }

    /**
     * A JSON file under OUT_DIR that is not indexed, looked at again only when it changes: not a
     * transcript (someone's settings; {@code unsound} null), or a transcript that is not sane (why,
     * said again on every update until it changes).
     */
    record Other(String json, long size, long modified, String unsound) {
    }

    /** What the catalog file holds. */
    static final class Catalog {
        public int format = FORMAT;
        public int nextDoc;
        public int nextSegment;
        public List<String> retired = new ArrayList<>();
        public List<Segment> segments = new ArrayList<>();
        public List<Integer> deleted = new ArrayList<>();
        public List<Entry> entries = new ArrayList<>();
        public List<Other> others = new ArrayList<>();
    }

    /** Hears an update: recordings indexed, and anything worth a line. */
    public interface Listener {
        default void indexing(int position, int of, String json) {
        }

        default void note(String line) {
        }
    }

    /** What an update did. */
    public record Update(int added, int removed, int recordings, long words, int segments, boolean pageWritten) {
    }

    private final Path outDir;
    private final Path dir;

    public Archive(Path outDir) {
        this.outDir = outDir;
        this.dir = outDir.resolve(DIR);
    }

    /** Whether OUT_DIR has search data (a catalog). */
    public boolean hasSearchData() {
        return Files.isRegularFile(dir.resolve(CATALOG), LinkOption.NOFOLLOW_LINKS);
    }

    /** Whether OUT_DIR/index.html is a page of ours (written by an update), so that it may be replaced. */
    public boolean pageIsOurs() {
        return IndexPage.isOurs(outDir.resolve(PAGE));
    }

    /**
     * Brings the search data (and, with {@code page}, the listing) up to date with the JSON
     * transcripts under OUT_DIR: new or changed ones indexed, removed ones taken out.
     *
     * @param media    the address of a recording's media for the listing, by its JSON's path
     *                 relative to OUT_DIR, where the caller knows better than the transcript (batch
     *                 {@code --media}); the rest get the transcript's URL or a path from OUT_DIR
     * @param page     whether to write OUT_DIR/index.html (never over a file that is not ours)
     */
    public Update update(Map<String, String> media, boolean page, Listener listener) throws IOException {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !TempFiles.isRealDirectory(dir)) {
            throw new OutputNotWritableException(dir, "is not a folder of longscribe's (a link or a file); the archive was not updated",
                    null);
        }
        Catalog catalog = readCatalog().orElse(null);
        if (catalog == null) {
            if (Files.exists(dir.resolve(CATALOG), LinkOption.NOFOLLOW_LINKS)) {
                listener.note(dir.resolve(CATALOG) + " is unreadable or of another version: the search data is built again");
            }
            catalog = new Catalog();
        }
        if (TempFiles.isRealDirectory(dir)) {
            removeLeftovers(catalog);
        }
        catalog.retired.clear();

        // What changed since the catalog was written.
        Map<String, Entry> known = new LinkedHashMap<>();
        catalog.entries.forEach(e -> known.put(e.json(), e));
        Map<String, Other> others = new HashMap<>();
        catalog.others.forEach(o -> others.put(o.json(), o));
        List<Found> toIndex = new ArrayList<>();
        List<Entry> kept = new ArrayList<>();
        List<Other> keptOthers = new ArrayList<>();
        Set<Integer> gone = new HashSet<>();
        List<Path> oversized = new ArrayList<>();
        List<Found> scanned = scan(oversized);
        for (Path big : oversized) {
            listener.note(big + " is larger than " + (MAX_TRANSCRIPT_BYTES >> 20) + " MB: not indexed");
        }
        for (Found f : scanned) {
            Entry e = known.remove(f.json());
            Other o = others.get(f.json());
            if (e != null && e.size() == f.size() && e.modified() == f.modified()) {
                kept.add(media.containsKey(f.json()) ? withMedia(e, media.get(f.json())) : e);
            } else if (e == null && o != null && o.size() == f.size() && o.modified() == f.modified()) {
                keptOthers.add(o);
                if (o.unsound() != null) {
                    listener.note(skipped(f.json(), o.unsound()));
                }
            } else {
                if (e != null) {
                    gone.add(e.id());
                }
                toIndex.add(f);
            }
        }
        known.values().forEach(e -> gone.add(e.id()));

        // New and changed transcripts: their words into docs/, their terms into a new segment.
        List<Entry> added = new ArrayList<>();
        List<DocWords> addedWords = new ArrayList<>();
        long pendingWords = 0;
        for (int i = 0; i < toIndex.size(); i++) {
            Found f = toIndex.get(i);
            listener.indexing(i + 1, toIndex.size(), f.json());
            Path json = outDir.resolve(f.json());
            Optional<TranscriptWords> t;
            try {
                t = TranscriptWords.read(json);
            } catch (TranscriptWords.Unsound | IOException | RuntimeException e) {
                // One planted file must not keep the rest out of the archive, tonight or any night.
                keptOthers.add(skip(f, e, listener));
                continue;
            }
            if (t.isEmpty()) {
                keptOthers.add(new Other(f.json(), f.size(), f.modified(), null));
                continue;
            }
            if (added.isEmpty()) {
                createDirectories();
            }
            Entry entry = entry(catalog.nextDoc, f, t.get(), media.get(f.json()));
            String[] terms;
            try {
                terms = DocFiles.write(dir.resolve(DOCS), entry, t.get(), json);
            } catch (TranscriptWords.Unsound | RuntimeException e) {
                keptOthers.add(skip(f, e, listener)); // its files so far are no catalog's: the next update removes them
                continue;
            }
            int id = catalog.nextDoc++;
            added.add(entry);
            addedWords.add(new DocWords(id, terms));
            pendingWords += terms.length;
            if (pendingWords >= FLUSH_WORDS) { // a first indexing of a big archive stays in a small heap
                catalog.segments.add(Segments.write(dir, "s" + String.format("%06d", catalog.nextSegment++), addedWords));
                addedWords.clear();
                pendingWords = 0;
            }
        }
        if (!addedWords.isEmpty()) {
            catalog.segments.add(Segments.write(dir, "s" + String.format("%06d", catalog.nextSegment++), addedWords));
        }
        Set<Integer> deleted = new HashSet<>(catalog.deleted);
        deleted.addAll(gone);
        merge(catalog, deleted, listener);
        Set<Integer> live = new HashSet<>();
        catalog.segments.forEach(s -> live.addAll(s.docs()));
        deleted.retainAll(live);
        catalog.deleted = deleted.stream().sorted().toList();
        kept.addAll(added);
        kept.sort(LISTING);
        catalog.entries = kept;
        catalog.others = keptOthers;

        if (catalog.entries.isEmpty() && catalog.segments.isEmpty() && !TempFiles.isRealDirectory(dir)) {
            return new Update(0, 0, 0, 0, 0, false); // no transcripts here, and never were: nothing is created
        }
        createDirectories();
        writeJson(dir.resolve(CATALOG), catalog);
        SearchFiles.write(dir.resolve(MANIFEST), "manifest", manifest(catalog));
        boolean written = false;
        if (page) {
            Path index = outDir.resolve(PAGE);
            if (Files.exists(index, LinkOption.NOFOLLOW_LINKS) && !IndexPage.isOurs(index)) {
                listener.note(index + " is not a page of longscribe's: left as it is, the listing is not written");
            } else {
                IndexPage.write(index, catalog.entries, catalog.entries.stream().mapToLong(Entry::words).sum());
                written = true;
            }
        }
        long words = catalog.entries.stream().mapToLong(Entry::words).sum();
        return new Update(added.size(), gone.size(), catalog.entries.size(), words, catalog.segments.size(), written);
    }

    /** A transcript not indexed, said in a line and kept as such until it changes. */
    private Other skip(Found f, Exception e, Listener listener) {
        String why = e instanceof TranscriptWords.Unsound ? e.getMessage() : "cannot be read (" + e.getMessage() + ")";
        listener.note(skipped(f.json(), why));
        return new Other(f.json(), f.size(), f.modified(), why);
    }

    private String skipped(String json, String why) {
        return outDir.resolve(json) + " " + why + ": not indexed";
    }

    private void createDirectories() throws IOException {
        try {
            Files.createDirectories(dir.resolve(DOCS));
        } catch (IOException e) {
            throw new OutputNotWritableException(dir, "cannot create the search data folder: " + e.getMessage(), e);
        }
        if (!TempFiles.isRealDirectory(dir.resolve(DOCS))) {
            throw new OutputNotWritableException(dir.resolve(DOCS), "is not a folder of longscribe's (a link?); the archive was not updated",
                    null);
        }
    }

    /** The listing's order: newest first, then by title. */
    static final Comparator<Entry> LISTING = Comparator.comparing((Entry e) -> e.date() == null ? "" : e.date()).reversed()
            .thenComparing(Entry::title).thenComparing(Entry::json);

    private static Entry withMedia(Entry e, String media) {
        return new Entry(e.id(), e.json(), e.size(), e.modified(), e.title(), e.date(), e.duration(), e.speakers(), e.words(),
                e.page(), media);
    }

    private Entry entry(int id, Found f, TranscriptWords t, String media) {
        String stem = f.json().substring(0, f.json().length() - ".json".length());
        String page = Files.isRegularFile(outDir.resolve(stem + ".html")) ? Links.relative(stem + ".html") : null;
        String address = media != null ? Links.href(media) : t.sourceIsUrl() ? Links.href(t.source()) : Links.toRecording(outDir, t.source());
        return new Entry(id, f.json(), f.size(), f.modified(), t.title(), t.date(), t.duration(), t.speakers(), (int) t.words(),
                page, address);
    }

    /**
     * Merges segments of like size, {@value #MERGE_FACTOR} at a time (Lucene's log merge policy): a
     * segment's level is log_F of its live words over {@value #LEVEL_BASE}; when a level holds F
     * segments they become one, whose recordings' words are read back from docs/. Deleted
     * recordings are left out of the merged segment. Merged-away segments are retired: removed by
     * the next update.
     */
    private void merge(Catalog catalog, Set<Integer> deleted, Listener listener) throws IOException {
        while (true) {
            Map<Integer, List<Segment>> levels = new TreeMap<>();
            for (Segment s : catalog.segments) {
                long live = s.words() * s.docs().stream().filter(d -> !deleted.contains(d)).count() / Math.max(1, s.docs().size());
                int level = (int) Math.floor(Math.log(Math.max(live, LEVEL_BASE) / (double) LEVEL_BASE) / Math.log(MERGE_FACTOR));
                levels.computeIfAbsent(level, k -> new ArrayList<>()).add(s);
            }
            List<Segment> group = levels.values().stream().filter(l -> l.size() >= MERGE_FACTOR).findFirst().orElse(null);
            if (group == null) {
                return;
            }
            List<Integer> ids = new ArrayList<>();
            for (Segment s : group) {
                s.docs().stream().filter(id -> !deleted.contains(id)).forEach(ids::add);
            }
            ids.sort(null);
            listener.note(String.format("merging %d segments of the search data (%d recordings)", group.size(), ids.size()));
            catalog.segments.removeAll(group);
            if (!ids.isEmpty()) {
                // One recording's words in memory at a time, read back from docs/.
                Iterable<DocWords> docs = () -> ids.stream().map(id -> {
                    try {
                        return new DocWords(id, DocFiles.terms(dir.resolve(DOCS), id));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).iterator();
                try {
                    catalog.segments.add(Segments.write(dir, "s" + String.format("%06d", catalog.nextSegment++), docs));
                } catch (java.io.UncheckedIOException e) {
                    throw e.getCause();
                }
            }
            group.forEach(s -> catalog.retired.add(s.name()));
        }
    }

    /**
     * Removes what no catalog names any more: segments retired by the update before this one (a page
     * opened before it has had its time), a killed update's segments and docs, and the docs of
     * recordings that are in no segment.
     */
    private void removeLeftovers(Catalog catalog) {
        Set<String> segments = new HashSet<>();
        Set<Integer> docs = new HashSet<>();
        for (Segment s : catalog.segments) {
            segments.add(s.name());
            docs.addAll(s.docs());
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (SEGMENT_NAME.matcher(name).matches() && !segments.contains(name)) {
                    removeSegment(entry);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // left as it is; the next update tries again
        }
        TempFiles.deleteOwn(dir.resolve(DOCS), name -> {
            java.util.regex.Matcher m = DOC_FILE.matcher(name);
            return m.matches() && !docs.contains(Integer.parseInt(m.group(1)));
        });
    }

    private static void removeSegment(Path segment) {
        if (TempFiles.isRealDirectory(segment)) {
            TempFiles.deleteOwn(segment, name -> name.matches("\\d+\\.js|\\..*\\.tmp"));
        }
        try {
            Files.deleteIfExists(segment); // a link planted under a segment's name goes as a link
        } catch (IOException ignored) {
            // not empty: someone else's files in it stay
        }
    }

    private static ObjectNode manifest(Catalog c) {
        ObjectNode m = SearchFiles.JSON.createObjectNode();
        m.put("format", FORMAT);
        m.put("chunk", CHUNK);
        m.put("recordings", c.entries.size());
        m.put("words", c.entries.stream().mapToLong(Entry::words).sum());
        ArrayNode segments = m.putArray("segments");
        for (Segment s : c.segments) {
            ObjectNode seg = segments.addObject();
            seg.put("name", s.name());
            seg.set("shards", SearchFiles.JSON.valueToTree(s.shards()));
        }
        m.set("deleted", SearchFiles.JSON.valueToTree(c.deleted));
        ArrayNode order = m.putArray("order");
        c.entries.forEach(e -> order.add(e.id()));
        return m;
    }

    /** The catalog, when there is a readable one of this format. */
    Optional<Catalog> readCatalog() {
        Path file = dir.resolve(CATALOG);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            Catalog c = SearchFiles.JSON.readValue(file.toFile(), Catalog.class);
            return c.format == FORMAT ? Optional.of(c) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    Path dir() {
        return dir;
    }

    private static void writeJson(Path file, Object value) throws IOException {
        try (AtomicOutput out = AtomicOutput.create(file)) {
            out.writeAndCommit(stream -> SearchFiles.JSON.writeValue(new java.io.FilterOutputStream(stream) {
                @Override
                public void close() throws IOException {
                    flush();
                }
            }, value));
        }
    }

    /** A JSON file under OUT_DIR: its path relative to OUT_DIR ('/' between names), size and modification time. */
    record Found(String json, long size, long modified) {
    }

    /**
     * The JSON files under OUT_DIR, not following links, leaving out hidden names (kept downloads,
     * temporaries) and the search data.
     */
    private List<Found> scan(List<Path> oversized) throws IOException {
        List<Found> found = new ArrayList<>();
        Files.walkFileTree(outDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                String name = d.getFileName() == null ? "" : d.getFileName().toString();
                boolean skip = !d.equals(outDir) && (name.startsWith(".") || d.equals(dir));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                String name = f.getFileName().toString();
                if (!attrs.isRegularFile() || !name.endsWith(".json") || name.startsWith(".")) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.size() > MAX_TRANSCRIPT_BYTES) {
                    oversized.add(f);
                } else {
                    String relative = outDir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                    found.add(new Found(relative, attrs.size(), attrs.lastModifiedTime().toMillis()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return FileVisitResult.CONTINUE; // unreadable: not listed
            }
        });
        found.sort(Comparator.comparing(Found::json));
        return found;
    }
}

package org.longscribe.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.longscribe.store.FileNames;

/** Which files under IN_DIR are recordings, and the naming rule for their transcripts. */
public final class BatchPlan {
    /** What transcribe accepts, by extension (without --include); --exclude takes away. */
    public static final Set<String> RECORDING_EXTENSIONS = Set.of("mp3", "m4a", "m4b", "aac", "ogg", "oga", "opus", "flac", "wav",
            "wma", "aif", "aiff", "caf", "amr", "mp4", "m4v", "mov", "mkv", "webm", "avi", "mpg", "mpeg", "ts", "3gp", "wmv", "flv");

    /**
     * Stems at OUT_DIR's top that belong to the archive ({@code index.html} and its search data): a
     * recording named so keeps its extension ({@code index.mp3} gives {@code index.mp3.json}).
     */
    static final Set<String> RESERVED_STEMS = Set.of("index", "longscribe-search");

    /**
     * One input, its path relative to IN_DIR, and the stem of its outputs relative to OUT_DIR
     * ({@code sub/talk} for {@code sub/talk.mp3}; see {@link #outputStems}).
     */
    public record Item(Path input, String relative, String stem) {
    }

    private BatchPlan() {
    }

    /** The recordings under {@code inDir}, in path order, leaving out anything under {@code outDir}. */
    public static List<Item> plan(Path inDir, Path outDir, List<String> includes, List<String> excludes) throws IOException {
        List<PathMatcher> include = matchers(includes);
        List<PathMatcher> exclude = matchers(excludes);
        Path outAbsolute = outDir.toAbsolutePath().normalize();
        List<Item> items = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(inDir)) {
            for (Path p : walk.sorted().toList()) {
                if (!Files.isRegularFile(p) || p.toAbsolutePath().normalize().startsWith(outAbsolute)) {
                    continue;
                }
                Path rel = inDir.relativize(p);
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    continue; // partial downloads and editor files
                }
                boolean wanted = include.isEmpty() ? isRecordingName(name) : matches(include, rel);
                if (!wanted || matches(exclude, rel)) {
                    continue;
                }
                items.add(new Item(p, rel.toString(), null));
            }
        }
        Map<String, String> stems = outputStems(items.stream().map(Item::relative).toList());
        return items.stream().map(i -> new Item(i.input(), i.relative(), stems.get(i.relative()))).toList();
    }

    /**
     * The stems of the outputs of the recordings at {@code relatives} (paths under IN_DIR), by the
     * naming rule: {@code talk.mp3} gives {@code talk} (so {@code talk.json}, {@code talk.srt}); when
     * several recordings of one folder share the name without extension ({@code talk.ogg} and
     * {@code talk.wav}), each keeps its extension ({@code talk.ogg.json}, {@code talk.wav.json}), as
     * does a recording at the top named like the archive's files ({@code index.mp3}); a
     * name too long for the suffixes is cut with a hash ({@link FileNames#fitted}); and a stem that
     * still clashes gets a hash of its recording's path. The same set of recordings always gives
     * the same stems, so reruns find their transcripts.
     */
    public static Map<String, String> outputStems(List<String> relatives) {
        Map<String, Integer> sharing = new HashMap<>();
        for (String r : relatives) {
            sharing.merge(stripExtension(r), 1, Integer::sum);
        }
        Map<String, String> stems = new LinkedHashMap<>();
        Map<String, Integer> taken = new HashMap<>();
        for (String r : relatives) {
            boolean reserved = RESERVED_STEMS.contains(stripExtension(r).toLowerCase(Locale.ROOT));
            String stem = fitted(sharing.get(stripExtension(r)) > 1 || reserved ? r : stripExtension(r));
            stems.put(r, stem);
            taken.merge(stem, 1, Integer::sum);
        }
        stems.replaceAll((r, stem) -> taken.get(stem) > 1 ? fitted(stem + " [" + FileNames.shortHash(r) + "]") : stem);
        return stems;
    }

    /** The stem with its last name cut to fit the file system with longscribe's suffixes. */
    private static String fitted(String stem) {
        int slash = stem.lastIndexOf('/');
        return stem.substring(0, slash + 1) + FileNames.fitted(stem.substring(slash + 1));
    }

    /** Whether a JSON transcript was made from an input of this size and modification time (ms since the epoch). */
    public static boolean describes(JsonNode transcript, long size, long modifiedMillis) {
        JsonNode source = transcript.path("source");
        return source.path("size").asLong(-1) == size && source.path("modified").asText("")
                .equals(java.time.Instant.ofEpochMilli(modifiedMillis).truncatedTo(ChronoUnit.MILLIS).toString());
    }

    /** A glob matches the path relative to IN_DIR or just the file name, so "*.mp3" works in subfolders too. */
    private static boolean matches(List<PathMatcher> matchers, Path rel) {
        return matchers.stream().anyMatch(m -> m.matches(rel) || m.matches(rel.getFileName()));
    }

    private static List<PathMatcher> matchers(List<String> globs) {
        List<PathMatcher> m = new ArrayList<>();
        for (String g : globs) {
            m.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
        }
        return m;
    }

    /**
     * Whether a file of this name is taken as a recording when no --include is given: a known audio
     * or video extension, and not a hidden file (partial downloads, editor files).
     */
    public static boolean isRecordingName(String name) {
        return !name.startsWith(".") && RECORDING_EXTENSIONS.contains(extension(name));
    }

    /** The stem of a lone recording's outputs: {@code a.mp3} -> {@code a} (see {@link #outputStems} for a folder's). */
    public static String outputStem(String relative) {
        return fitted(stripExtension(relative));
    }

    public static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String stripExtension(String rel) {
        int dot = rel.lastIndexOf('.');
        int slash = rel.lastIndexOf('/');
        return dot > slash + 1 ? rel.substring(0, dot) : rel;
    }
}

package org.longscribe.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.longscribe.transcript.OutputFormat;

/** Which files under IN_DIR are recordings, and the naming rule for their transcripts. */
public final class BatchPlan {
    /** What transcribe accepts, by extension (without --include); --exclude takes away. */
    public static final Set<String> RECORDING_EXTENSIONS = Set.of("mp3", "m4a", "m4b", "aac", "ogg", "oga", "opus", "flac", "wav",
            "wma", "aif", "aiff", "caf", "amr", "mp4", "m4v", "mov", "mkv", "webm", "avi", "mpg", "mpeg", "ts", "3gp", "wmv", "flv");

    /** One input, and its path relative to IN_DIR (which names its outputs: see {@link RecordingOutputs}). */
    public record Item(Path input, String relative) {
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
                items.add(new Item(p, rel.toString()));
            }
        }
        return items;
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

    /** Where the transcript of the recording at {@code relative} goes, relative to the output root: a.mp3 -> a.json. */
    public static String outputName(String relative, OutputFormat format) {
        return stripExtension(relative) + "." + format.extension();
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

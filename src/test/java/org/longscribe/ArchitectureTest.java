package org.longscribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The layering docs/ARCHITECTURE.md describes, checked on the sources: each package imports only what it may. */
class ArchitectureTest {
    /** An import or a qualified name in code (not a class named in a string, as bench names the CLI to run). */
    private static final Pattern REFERENCE = Pattern.compile("(?<![\"\\w.])org\\.longscribe\\.([a-z.]+?)\\.[A-Z]");
    private static final Set<String> STAGES = Set.of("error", "pcm", "store", "decode", "segment", "asr", "asr.vosk",
            "transcript", "model", "speaker", "fetch");

    /** What each package may import from org.longscribe, besides itself (and the root's BuildInfo). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("error", Set.of()),
            Map.entry("pcm", Set.of()),
            Map.entry("store", Set.of("error")),
            Map.entry("decode", Set.of("error", "pcm", "store")),
            Map.entry("segment", Set.of("pcm")),
            Map.entry("asr", Set.of("pcm", "error")),
            Map.entry("asr.vosk", Set.of("asr", "pcm", "error")),
            Map.entry("speaker", Set.of("asr")),
            Map.entry("fetch", Set.of("error", "store")),
            Map.entry("transcript", Set.of("asr")),
            Map.entry("model", Set.of("error", "store", "asr.vosk", "fetch")),
            Map.entry("job", STAGES),
            Map.entry("batch", Set.of("store", "transcript")),
            Map.entry("archive", Set.of("error", "store", "transcript")),
            Map.entry("feed", Set.of("error", "store", "fetch", "transcript", "batch", "job", "archive")),
            Map.entry("eval", STAGES),
            Map.entry("resources", STAGES),
            Map.entry("bench", union(STAGES, Set.of("eval", "resources", "archive"))));

    @Test
    void eachPackageImportsOnlyWhatItMay() throws IOException {
        List<String> violations = new ArrayList<>();
        Path root = Path.of("src/main/java/org/longscribe");
        for (Path file : javaFiles(root)) {
            String pkg = root.relativize(file.getParent()).toString().replace('/', '.');
            if (pkg.isEmpty() || pkg.equals("cli")) {
                continue; // the front end may use everything
            }
            Set<String> allowed = ALLOWED.get(pkg);
            assertTrue(allowed != null, "package " + pkg + " is not in docs/ARCHITECTURE.md's table (and here)");
            for (String imported : imports(file)) {
                if (!imported.equals(pkg) && !allowed.contains(imported)) {
                    violations.add(root.relativize(file) + " imports org.longscribe." + imported);
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    /** The Spark job's code stands beside the CLI (its tests do run the CLI, to compare outputs with it). */
    @Test
    void nothingUnderPipelineImportsTheCli() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles(Path.of("pipeline"))) {
            if (file.toString().contains("/src/main/") && imports(file).contains("cli")) {
                violations.add(file.toString());
            }
        }
        assertEquals(List.of(), violations);
    }

    private static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static Set<String> imports(Path file) throws IOException {
        Matcher m = REFERENCE.matcher(Files.readString(file).replaceFirst("(?m)^package .*$", ""));
        Set<String> packages = new java.util.TreeSet<>();
        while (m.find()) {
            packages.add(m.group(1));
        }
        return packages;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return u;
    }
}

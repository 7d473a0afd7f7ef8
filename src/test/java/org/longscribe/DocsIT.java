package org.longscribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation cannot go stale silently: README's quick start is run as written and what it
 * shows is what comes out; every link between the documents resolves, anchors included; the figures
 * README quotes are the performance page's, where each comes with its command; and no page tells the
 * project's own history. After {@code package}: the quick start runs the launcher over the built jar.
 */
@Tag("slow")
class DocsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    /** The documents a reader moves between. */
    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("CONTRIBUTING.md"), ROOT.resolve("CHANGELOG.md"),
                ROOT.resolve("models/README.md")));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    @Test
    void readmeIsShortAndItsQuickStartDoesWhatItShows() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertTrue(readme.lines().count() <= 250, "README.md: " + readme.lines().count() + " lines");
        List<String> blocks = codeBlocks(section(readme, "## Quick start"));
        List<String> commands = blocks.get(0).lines().map(l -> l.replaceAll("\\s+#.*$", "").strip()).toList();
        assertTrue(commands.get(0).matches("git clone \\S+ longscribe && cd longscribe"), commands.get(0));
        assertEquals("mvn -B verify", commands.get(2));
        assertTrue(Files.readString(ROOT.resolve(".ci/run")).contains("\nmvn -B verify\n"), ".ci/run runs README's test command");

        // The main command, as written, where a newcomer's clone would have it.
        Files.createSymbolicLink(dir.resolve("longscribe"), ROOT.resolve("longscribe"));
        Files.createSymbolicLink(dir.resolve("test-data"), ROOT.resolve("test-data"));
        String main = commands.get(1);
        assertEquals("./longscribe transcribe test-data/lecture.mp3 -o lecture.json", main);
        Run run = run(main.split(" "));
        assertEquals(0, run.code, run.err);

        // What the terminal shows: the same lines, any figures.
        List<String> shown = blocks.get(1).lines().toList();
        List<String> said = run.err.lines().filter(l -> l.startsWith("longscribe: lecture.mp3")).toList();
        assertEquals(shown.size(), said.size(), run.err);
        for (int i = 0; i < shown.size(); i++) {
            assertTrue(said.get(i).matches(figuresAnyValue(shown.get(i))), "shown: " + shown.get(i) + "\nsaid:  " + said.get(i));
        }

        // The JSON excerpt: its fields are the transcript's, and its first segment is the transcript's.
        JsonNode json = JSON.readTree(dir.resolve("lecture.json").toFile());
        String excerpt = blocks.get(2);
        Matcher key = Pattern.compile("\"([a-z_]+)\" :").matcher(excerpt);
        Set<String> keys = new LinkedHashSet<>();
        while (key.find()) {
            keys.add(key.group(1));
        }
        Set<String> actual = new LinkedHashSet<>();
        collectKeys(json, actual);
        assertTrue(actual.containsAll(keys), "README shows fields the transcript lacks: " + keys + " vs " + actual);
        JsonNode first = json.path("segments").get(0);
        assertTrue(excerpt.contains("\"text\" : \"" + first.path("text").asText() + "\""), first.toString());
        assertTrue(excerpt.contains("\"start\" : " + first.path("start").asText() + ", \"end\" : " + first.path("end").asText()), first.toString());
        assertTrue(excerpt.contains("\"name\" : \"" + json.path("model").path("name").asText() + "\""), json.path("model").toString());
        JsonNode word = first.path("words").get(0);
        assertTrue(excerpt.contains("{ \"word\" : \"" + word.path("word").asText() + "\", \"start\" : " + word.path("start").asText()
                + ", \"end\" : " + word.path("end").asText() + ", \"conf\" : " + word.path("conf").asText() + " }"), word.toString());
        assertTrue(excerpt.contains("\"text\" : \"" + json.path("text").asText().substring(0, 40)), "the text's start");

        // The SRT and text excerpts: the first lines of what those formats write.
        assertEquals(0, run("./longscribe", "transcribe", "test-data/lecture.mp3", "-o", "lecture.srt", "-q").code);
        String srt = Files.readString(dir.resolve("lecture.srt"));
        assertTrue(srt.startsWith(blocks.get(3).strip() + "\n"), "README's SRT:\n" + blocks.get(3) + "\nwritten:\n" + srt.substring(0, 200));
        Run txt = run("./longscribe", "transcribe", "test-data/lecture.mp3", "-f", "txt", "-q");
        assertTrue(txt.out.startsWith(blocks.get(4).strip() + "\n"), "README's text:\n" + blocks.get(4) + "\nwritten:\n" + txt.out);
    }

    @Test
    void everyLinkBetweenTheDocumentsResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
        for (Path doc : documents()) {
            String text = withoutCode(Files.readString(doc));
            Matcher m = link.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("(?i)^[a-z][a-z0-9+.-]*:.*")) {
                    continue; // an address on the web
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(ROOT.relativize(doc) + ": " + target + " (no such file)");
                } else if (anchor != null && !anchors(resolved).contains(anchor)) {
                    broken.add(ROOT.relativize(doc) + ": " + target + " (no such heading)");
                }
            }
        }
        assertTrue(broken.isEmpty(), String.join("\n", broken));
    }

    /** README's figures are the performance page's, and every section of that page with figures shows the command behind them. */
    @Test
    void figuresAreQuotedOnceWithTheirCommand() throws IOException {
        String performance = Files.readString(ROOT.resolve("docs/performance.md"));
        for (String section : performance.split("\n(?=## )")) {
            boolean figures = section.lines().anyMatch(l -> l.startsWith("|") && l.matches(".*\\d+(\\.\\d+)? ?(s|MB|%|×|x).*"));
            if (figures) {
                assertTrue(codeBlocks(section).stream().anyMatch(b -> b.contains("./longscribe") || b.contains("mvn ")),
                        "figures without the command that produced them:\n" + section.lines().findFirst().orElse(""));
            }
        }
        String readme = section(Files.readString(ROOT.resolve("README.md")), "## Performance at a glance");
        Matcher figure = Pattern.compile("\\d[\\d,.]*\\s?(s|MB|%)").matcher(readme.replaceAll("\\*\\*", ""));
        int n = 0;
        while (figure.find()) {
            assertTrue(performance.contains(figure.group()), "README quotes " + figure.group() + ", which docs/performance.md does not have");
            n++;
        }
        assertTrue(n >= 8, "README's table has its figures: " + n);
    }

    /** No rounds of work, sessions, issue numbers or remarks about this version or the machines it was built on. */
    @Test
    void noPageTellsTheProjectsHistory() throws IOException {
        Pattern history = Pattern.compile("(?i)\\b(session|sessions|issue \\d+|issue #\\d+|this version|before this version"
                + "|as before|this machine|machines this project|(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) round)\\b");
        List<String> found = new ArrayList<>();
        for (Path doc : documents()) {
            if (doc.endsWith("CHANGELOG.md")) {
                continue; // what changed, by version, is its subject
            }
            int n = 0;
            for (String line : Files.readAllLines(doc)) {
                n++;
                Matcher m = history.matcher(line);
                if (m.find()) {
                    found.add(ROOT.relativize(doc) + ":" + n + ": " + m.group());
                }
            }
        }
        assertTrue(found.isEmpty(), String.join("\n", found));
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("LONGSCRIBE_STATE_DIR", dir.resolve("state").toString());
        Process p = pb.start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), String.join(" ", command));
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    /** A shown line as a pattern: its numbers may be any numbers. */
    private static String figuresAnyValue(String shown) {
        StringBuilder re = new StringBuilder();
        Matcher m = Pattern.compile("\\d+(\\.\\d+)?").matcher(shown);
        int at = 0;
        while (m.find()) {
            re.append(Pattern.quote(shown.substring(at, m.start()))).append("\\d+(\\.\\d+)?");
            at = m.end();
        }
        return re.append(Pattern.quote(shown.substring(at))).toString();
    }

    private static void collectKeys(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                into.add(name);
                collectKeys(node.get(name), into);
            }
        } else if (node.isArray()) {
            node.forEach(n -> collectKeys(n, into));
        }
    }

    /** From {@code heading} to the next heading of its level or above. */
    private static String section(String text, String heading) {
        int from = text.indexOf("\n" + heading + "\n");
        assertTrue(from >= 0, "no section " + heading);
        int level = heading.indexOf(' ');
        Matcher next = Pattern.compile("\n#{1," + level + "} ").matcher(text);
        int to = next.find(from + heading.length() + 1) ? next.start() : text.length();
        return text.substring(from, to);
    }

    /** The fenced code blocks of {@code text}, in order, without their fences. */
    private static List<String> codeBlocks(String text) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^```[a-z]*\\n(.*?)^```", Pattern.DOTALL).matcher(text);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static String withoutCode(String text) {
        return text.replaceAll("(?ms)^```.*?^```", "").replaceAll("`[^`\n]*`", "");
    }

    /** The anchors GitHub makes of a document's headings. */
    private static Set<String> anchors(Path doc) throws IOException {
        Set<String> anchors = new LinkedHashSet<>();
        if (!doc.toString().endsWith(".md")) {
            return anchors;
        }
        for (String line : Files.readString(doc, StandardCharsets.UTF_8).replaceAll("(?ms)^```.*?^```", "").lines().toList()) {
            if (line.matches("#{1,6} .*")) {
                String title = line.replaceFirst("#{1,6} ", "").strip().toLowerCase(Locale.ROOT);
                anchors.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}

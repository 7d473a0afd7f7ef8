package org.longscribe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.batch.BatchPlan;
import org.longscribe.fetch.Feed;

/**
 * Names derived from titles in any script fit the file system with every suffix longscribe adds,
 * are never cut inside a grapheme cluster, and carry no controls; clashes get the stated rule.
 * Each name is also created on disk, as the feed would.
 */
class FileNamesTest {
    /** The longest suffix longscribe adds to an episode's name: its journal's temporary. */
    private static final String LONGEST_SUFFIX = ".json.longscribe-journal.new";

    @TempDir
    Path dir;

    private static final List<String> TITLES = List.of(
            "A".repeat(79) + "👨‍👩‍👧‍👦 family",              // an emoji ZWJ sequence across the 80-character cut
            "x".repeat(78) + "🇫🇷🇩🇪 flags",                    // regional indicator pairs
            "中文播客".repeat(25),                              // 100 CJK characters: 300 bytes
            "e\u0301".repeat(60),                              // combining marks: 120 code points
            "ქართული პოდკასტი ".repeat(10),                   // Georgian
            "مرحبا بالعالم ".repeat(10),                       // Arabic
            "\u202Egnp.exe\u202C title\u2028next\u0085line\u0007\u001b[31mred",  // bidi, separators, C0/C1
            "🎙".repeat(200));

    private static Feed.Episode episode(String title) {
        return new Feed.Episode("guid-" + title.hashCode(), title, Instant.parse("2026-11-29T00:00:00Z"), null,
                "https://example.org/a.mp3", -1, null);
    }

    @Test
    void everyTitleGivesANameThatFitsAndIsCreated() throws Exception {
        Pattern grapheme = Pattern.compile("\\X");
        for (String title : TITLES) {
            String name = episode(title).fileName();
            assertTrue((name + LONGEST_SUFFIX).getBytes(StandardCharsets.UTF_8).length <= FileNames.MAX_BYTES, name);
            assertTrue(name.codePoints().noneMatch(c -> Character.getType(c) == Character.CONTROL
                    || c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)), name);
            for (int i = 0; i < name.length(); i++) {
                assertFalse(Character.isSurrogate(name.charAt(i)) && !(Character.isHighSurrogate(name.charAt(i))
                        && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1)))
                        && !(Character.isLowSurrogate(name.charAt(i)) && i > 0 && Character.isHighSurrogate(name.charAt(i - 1))),
                        "a lone surrogate in " + name);
            }
            // The title part ends at a grapheme boundary of the title itself.
            String kept = name.substring("2026-11-29 ".length(), name.lastIndexOf(" ["));
            String cleaned = FileNames.safe(title, Integer.MAX_VALUE, Integer.MAX_VALUE);
            assertTrue(cleaned.startsWith(kept), kept + " / " + cleaned);
            Matcher m = grapheme.matcher(cleaned);
            boolean boundary = kept.isEmpty() || kept.length() == cleaned.length();
            while (!boundary && m.find()) {
                boundary = m.end() == kept.length();
            }
            assertTrue(boundary, "cut inside a grapheme cluster: " + kept);
            Files.writeString(dir.resolve(name + LONGEST_SUFFIX), "ok");
        }
        assertEquals("A".repeat(79), FileNames.safe(TITLES.get(0), 80, 1000), "the family emoji does not fit whole: left out whole");
        assertEquals("gnp.exe title next line red", FileNames.safe(TITLES.get(6), 80, 1000).replace("[31m", "").replaceAll(" +", " ").strip());
    }

    @Test
    void recordingsThatDifferOnlyByExtensionGetTwoStablesNames() {
        Map<String, String> stems = BatchPlan.outputStems(List.of("a/talk.ogg", "a/talk.wav", "b/talk.mp3", "lecture.mp3"));
        assertEquals(Map.of("a/talk.ogg", "a/talk.ogg", "a/talk.wav", "a/talk.wav", "b/talk.mp3", "b/talk", "lecture.mp3", "lecture"), stems);
        assertEquals(stems, BatchPlan.outputStems(List.of("a/talk.ogg", "a/talk.wav", "b/talk.mp3", "lecture.mp3")));
        // A recording named like another's clash-named stem still gets a name of its own.
        Map<String, String> odd = BatchPlan.outputStems(List.of("talk.ogg", "talk.ogg.mp3", "talk.wav"));
        assertEquals(3, Map.copyOf(odd).values().stream().distinct().count(), odd.toString());
        // The archive's names at OUT_DIR's top (index.html, longscribe-search/) are not a recording's.
        assertEquals(Map.of("index.mp3", "index.mp3", "Index.ogg", "Index.ogg", "sub/index.mp3", "sub/index",
                "longscribe-search.wav", "longscribe-search.wav"),
                BatchPlan.outputStems(List.of("index.mp3", "Index.ogg", "sub/index.mp3", "longscribe-search.wav")));
    }

    @Test
    void aLongRecordingNameIsCutWithAHashToLeaveRoomForSuffixes() {
        String name = "ü".repeat(120) + ".mp3"; // 244 bytes: fits alone, not with .json.longscribe-journal.new
        String stem = BatchPlan.outputStems(List.of(name)).get(name);
        assertTrue((stem + LONGEST_SUFFIX).getBytes(StandardCharsets.UTF_8).length <= FileNames.MAX_BYTES, stem);
        assertTrue(stem.matches("ü+ \\[[0-9a-f]{6}\\]"), stem);
    }
}

package org.longscribe.archive;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A JSON transcript as the archive sees it: its words in order with their start times and
 * speakers, and what the listing shows. Without word times ({@code --no-words}) a segment's words
 * are spread evenly over it, as subtitles and the reader do.
 */
record TranscriptWords(String source, boolean sourceIsUrl, String title, String date, double duration, int speakers,
                       String[] words, String[] terms, long[] startsMillis, String[] speakerOf) {

    /** The transcript at {@code json}; empty when the file is not a longscribe transcript (or unreadable). */
    static Optional<TranscriptWords> read(Path json) {
        JsonNode t;
        try {
            t = SearchFiles.JSON.readTree(json.toFile());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (t == null || !t.path("segments").isArray() || !t.path("source").isObject() || !t.has("format_version")) {
            return Optional.empty();
        }
        JsonNode source = t.path("source");
        String path = source.path("path").asText("");
        boolean url = path.matches("^[a-z][a-z0-9+.-]*://.*");
        JsonNode episode = source.path("episode");
        String title = episode.path("title").asText("");
        if (title.isBlank()) {
            String name = path.replaceAll("[?#].*$", "");
            title = name.substring(name.lastIndexOf('/') + 1);
            if (title.isBlank()) {
                title = json.getFileName().toString();
            }
        }
        String date = episode.path("published").isTextual() ? episode.path("published").asText()
                : source.path("modified").isTextual() ? source.path("modified").asText() : null;
        List<String> words = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        List<String> speakerOf = new ArrayList<>();
        for (JsonNode s : t.path("segments")) {
            String speaker = s.path("speaker").isTextual() ? s.path("speaker").asText() : null;
            if (s.path("words").isArray() && !s.path("words").isEmpty()) {
                for (JsonNode w : s.path("words")) {
                    words.add(w.path("word").asText());
                    starts.add(Math.round(w.path("start").asDouble() * 1000));
                    speakerOf.add(speaker);
                }
            } else {
                String text = s.path("text").asText("").strip();
                if (text.isEmpty()) {
                    continue;
                }
                String[] parts = text.split("\\s+");
                double start = s.path("start").asDouble();
                double step = (s.path("end").asDouble() - start) / parts.length;
                for (int i = 0; i < parts.length; i++) {
                    words.add(parts[i]);
                    starts.add(Math.round((start + i * step) * 1000));
                    speakerOf.add(speaker);
                }
            }
        }
        String[] terms = new String[words.size()];
        for (int i = 0; i < terms.length; i++) {
            terms[i] = Terms.of(words.get(i)).intern(); // one string per term, however many recordings are held
        }
        return Optional.of(new TranscriptWords(path, url, title, date, t.path("duration").asDouble(),
                t.path("speakers").isArray() ? t.path("speakers").size() : 0, words.toArray(String[]::new), terms,
                starts.stream().mapToLong(Long::longValue).toArray(), speakerOf.toArray(String[]::new)));
    }
}

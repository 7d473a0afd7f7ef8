package org.longscribe.archive;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A JSON transcript as the archive sees it: what the listing shows, and (read again, streamed) its
 * words in order with their start times and speakers. Without word times ({@code --no-words}) a
 * segment's words are spread evenly over it, as subtitles and the reader do.
 *
 * <p>Any JSON file under OUT_DIR may be someone else's, so nothing in it is believed before it is
 * checked, and nothing is held whole: the file is read as a stream of tokens, twice (once to check
 * it and take what the listing shows, once to hand its words on), with one segment's words in
 * memory at a time. A transcript past any of the limits below is {@link Unsound}: the archive skips
 * it with one line and indexes the rest.
 */
record TranscriptWords(String source, boolean sourceIsUrl, String title, String date, double duration, int speakers, long words) {
    /** A word longer than this is not a recognised word. */
    static final int MAX_WORD_CHARS = 200;
    /** Other strings the archive takes (a path, a title, a speaker) are at most this long. */
    static final int MAX_STRING_CHARS = 4096;
    /** Words in one transcript: a ten-hour recording has about 100,000. */
    static final long MAX_WORDS = 5_000_000;
    /** Words in one segment (a segment is one stretch of speech between pauses, seconds long). */
    static final int MAX_SEGMENT_WORDS = 20_000;
    /** Times are at most this many seconds (eleven days). */
    static final double MAX_SECONDS = 1_000_000;

    /** A transcript that is not sane: why, in words for a line that names the file. */
    static final class Unsound extends Exception {
        Unsound(String why) {
            super(why, null, false, false);
        }
    }

    /** Hears a transcript's words in order. */
    interface Words {
        void word(String word, long startMillis, String speaker) throws IOException;
    }

    /**
     * The transcript at {@code json}; empty when the file is not a longscribe transcript (another
     * program's JSON, or not JSON).
     */
    static Optional<TranscriptWords> read(Path json) throws Unsound, IOException {
        Walk w = new Walk(null);
        if (!w.run(json)) {
            return Optional.empty();
        }
        String path = w.sourcePath == null ? "" : w.sourcePath;
        boolean url = path.matches("^[a-z][a-z0-9+.-]*://.*");
        String title = w.episodeTitle == null ? "" : w.episodeTitle;
        if (title.isBlank()) {
            String name = path.replaceAll("[?#].*$", "");
            title = name.substring(name.lastIndexOf('/') + 1);
            if (title.isBlank()) {
                title = json.getFileName().toString();
            }
        }
        String date = w.published != null ? w.published : w.modified;
        return Optional.of(new TranscriptWords(path, url, title, date, w.duration, w.speakers, w.words));
    }

    /** Hands {@code json}'s words to {@code sink}, in order (the file checked again on the way). */
    static void words(Path json, Words sink) throws Unsound, IOException {
        if (!new Walk(sink).run(json)) {
            throw new Unsound("changed while it was indexed");
        }
    }

    /** One pass over a transcript's tokens. */
    private static final class Walk {
        private final Words sink;
        String sourcePath;
        String modified;
        String episodeTitle;
        String published;
        double duration;
        int speakers;
        long words;
        private boolean formatVersion;
        private boolean segmentsSeen;
        private boolean sourceSeen;

        Walk(Words sink) {
            this.sink = sink;
        }

        /** False when the file is not a transcript at all. */
        boolean run(Path json) throws Unsound, IOException {
            try (JsonParser p = SearchFiles.JSON.getFactory().createParser(json.toFile())) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return false;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    switch (name) {
                        case "format_version" -> {
                            formatVersion = true;
                            p.skipChildren();
                        }
                        case "duration" -> duration = seconds(p, t, "duration");
                        case "source" -> {
                            if (t != JsonToken.START_OBJECT) {
                                return false;
                            }
                            sourceSeen = true;
                            source(p);
                        }
                        case "speakers" -> {
                            if (t == JsonToken.START_ARRAY) {
                                while (p.nextToken() != JsonToken.END_ARRAY) {
                                    speakers++;
                                    p.skipChildren();
                                }
                            } else {
                                p.skipChildren();
                            }
                        }
                        case "segments" -> {
                            if (t != JsonToken.START_ARRAY) {
                                return false;
                            }
                            segmentsSeen = true;
                            while (p.nextToken() == JsonToken.START_OBJECT) {
                                segment(p);
                            }
                        }
                        default -> p.skipChildren(); // "text" too: never materialised
                    }
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                if (segmentsSeen && formatVersion && sourceSeen) {
                    throw new Unsound("is not whole JSON (" + e.getOriginalMessage() + ")");
                }
                return false;
            }
            return formatVersion && sourceSeen && segmentsSeen;
        }

        private void source(JsonParser p) throws IOException, Unsound {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "path" -> sourcePath = string(p, t, "source.path", MAX_STRING_CHARS);
                    case "modified" -> modified = string(p, t, "source.modified", MAX_STRING_CHARS);
                    case "episode" -> {
                        if (t != JsonToken.START_OBJECT) {
                            p.skipChildren();
                            continue;
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String field = p.currentName();
                            JsonToken v = p.nextToken();
                            if (field.equals("title")) {
                                episodeTitle = string(p, v, "source.episode.title", MAX_STRING_CHARS);
                            } else if (field.equals("published")) {
                                published = string(p, v, "source.episode.published", MAX_STRING_CHARS);
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }

        private void segment(JsonParser p) throws IOException, Unsound {
            double start = 0;
            double end = 0;
            String speaker = null;
            String text = null;
            List<String> segmentWords = new ArrayList<>();
            List<Long> starts = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "start" -> start = seconds(p, t, "a segment's start");
                    case "end" -> end = seconds(p, t, "a segment's end");
                    // string() skips what is not a string (an object or array too): its fields are not the segment's.
                    case "speaker" -> speaker = string(p, t, "a segment's speaker", MAX_STRING_CHARS);
                    case "text" -> text = string(p, t, "a segment's text", MAX_SEGMENT_WORDS * (MAX_WORD_CHARS + 1));
                    case "words" -> {
                        if (t != JsonToken.START_ARRAY) {
                            p.skipChildren();
                            continue;
                        }
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            String word = "";
                            double at = 0;
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String field = p.currentName();
                                JsonToken v = p.nextToken();
                                switch (field) {
                                    case "word" -> word = java.util.Objects.requireNonNullElse(string(p, v, "a word", MAX_WORD_CHARS), "");
                                    case "start" -> at = seconds(p, v, "a word's start");
                                    case "end" -> seconds(p, v, "a word's end");
                                    default -> p.skipChildren();
                                }
                            }
                            if (segmentWords.size() >= MAX_SEGMENT_WORDS) {
                                throw new Unsound("has a segment of more than " + MAX_SEGMENT_WORDS + " words");
                            }
                            segmentWords.add(word);
                            starts.add(Math.round(at * 1000));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (end < start) {
                throw new Unsound("has a segment that ends (" + end + " s) before it starts (" + start + " s)");
            }
            if (segmentWords.isEmpty() && text != null && !text.isBlank()) {
                String[] parts = text.strip().split("\\s+");
                if (parts.length > MAX_SEGMENT_WORDS) {
                    throw new Unsound("has a segment of more than " + MAX_SEGMENT_WORDS + " words");
                }
                double step = (end - start) / parts.length;
                for (int i = 0; i < parts.length; i++) {
                    if (parts[i].length() > MAX_WORD_CHARS) {
                        throw new Unsound("has a word of more than " + MAX_WORD_CHARS + " characters");
                    }
                    segmentWords.add(parts[i]);
                    starts.add(Math.round((start + i * step) * 1000));
                }
            }
            words += segmentWords.size();
            if (words > MAX_WORDS) {
                throw new Unsound("has more than " + MAX_WORDS + " words");
            }
            if (sink != null) {
                for (int i = 0; i < segmentWords.size(); i++) {
                    sink.word(segmentWords.get(i), starts.get(i), speaker);
                }
            }
        }

        private static String string(JsonParser p, JsonToken t, String what, int max) throws IOException, Unsound {
            if (t != JsonToken.VALUE_STRING) {
                p.skipChildren();
                return null;
            }
            if (p.getTextLength() > max) {
                throw new Unsound("has " + what + " of more than " + max + " characters");
            }
            String s = p.getText();
            if (s.indexOf('\0') >= 0) {
                throw new Unsound("has a NUL character in " + what);
            }
            return s;
        }

        private static double seconds(JsonParser p, JsonToken t, String what) throws IOException, Unsound {
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                p.skipChildren();
                throw new Unsound("has " + what + " that is not a number of seconds");
            }
            double s = p.getDoubleValue();
            if (!Double.isFinite(s) || s < 0 || s > MAX_SECONDS) {
                throw new Unsound("has " + what + " out of range (" + p.getText() + " s; 0 to " + (long) MAX_SECONDS + ")");
            }
            return s;
        }
    }
}

package org.longscribe.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.longscribe.error.IntegrityException;
import org.longscribe.error.UnavailableException;
import org.longscribe.fetch.Http;

/**
 * The official list of Vosk models ({@code model-list.json} on the Vosk models site), or a mirror of
 * it named by {@code LONGSCRIBE_MODEL_LIST} (an {@code http(s)://} or {@code file:} URL): a JSON array
 * of objects with {@code name}, {@code lang}, {@code type}, {@code version}, {@code size}, {@code md5},
 * {@code url}, {@code obsolete}.
 */
public final class ModelList {
    /** Where the Vosk project publishes its list. */
    public static final URI OFFICIAL = URI.create("https://alphacephei.com/vosk/models/model-list.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One model of the list. {@code size} is the zip's size in bytes; {@code url} may be absent (null). */
    public record Entry(String name, String lang, String type, String version, long size, String md5, String url,
                        boolean obsolete) {
        /** Where its zip is: the entry's url, else the list's directory and NAME.zip. */
        public URI zip(URI list) {
            return url != null && !url.isBlank() ? list.resolve(url) : list.resolve(name + ".zip");
        }

        /** A speaker model (x-vector extractor), not a speech recognition model. */
        public boolean isSpeakerModel() {
            return "spk".equalsIgnoreCase(type);
        }
    }

    private final URI address;
    private final List<Entry> entries;

    private ModelList(URI address, List<Entry> entries) {
        this.address = address;
        this.entries = List.copyOf(entries);
    }

    /** The list's address: {@code $LONGSCRIBE_MODEL_LIST}, else {@code -Dlongscribe.model.list}, else the official one. */
    public static URI configured() {
        String env = System.getenv("LONGSCRIBE_MODEL_LIST");
        if (env == null || env.isBlank()) {
            env = System.getProperty("longscribe.model.list");
        }
        return env == null || env.isBlank() ? OFFICIAL : URI.create(env.strip());
    }

    /** Reads the list at {@code address} (http, https or file). */
    public static ModelList fetch(URI address, Http http) throws IOException {
        String scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(Locale.ROOT);
        String list = "the model list " + address;
        JsonNode root;
        try {
            if (scheme.equals("file")) {
                try (InputStream in = Files.newInputStream(Path.of(address))) {
                    root = JSON.readTree(in);
                }
            } else if (scheme.equals("http") || scheme.equals("https")) {
                HttpResponse<InputStream> response = http.get(address);
                try (InputStream in = response.body()) {
                    if (response.statusCode() != 200) {
                        throw new UnavailableException(null, list + " cannot be fetched (HTTP "
                                + response.statusCode() + ")", null);
                    }
                    root = JSON.readTree(in);
                }
            } else {
                throw new org.longscribe.error.ModelException(null,
                        list + ": LONGSCRIBE_MODEL_LIST must be an http://, https:// or file: URL");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IntegrityException(null, list + " is not JSON (" + e.getOriginalMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted fetching the model list");
        } catch (org.longscribe.error.LongscribeException e) {
            throw e;
        } catch (IOException e) {
            throw new UnavailableException(null, list + " cannot be fetched (" + Http.why(e) + ")", e);
        }
        if (!root.isArray()) {
            throw new IntegrityException(null, list + " is not a JSON array of models");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode m : root) {
            String name = m.path("name").asText("");
            if (name.isBlank()) {
                continue;
            }
            entries.add(new Entry(name, m.path("lang").asText(""), m.path("type").asText(""),
                    m.path("version").asText(""), m.path("size").asLong(-1), text(m, "md5"), text(m, "url"),
                    m.path("obsolete").asText("false").equalsIgnoreCase("true")));
        }
        return new ModelList(address, entries);
    }

    private static String text(JsonNode m, String field) {
        JsonNode v = m.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Where this list was read from. */
    public URI address() {
        return address;
    }

    public List<Entry> entries() {
        return entries;
    }

    public Optional<Entry> find(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Up to {@code n} names of the list nearest to {@code name} (edit distance), nearest first. */
    public List<String> closest(String name, int n) {
        return entries.stream().map(Entry::name)
                .sorted(Comparator.comparingInt((String candidate) -> distance(name, candidate)).thenComparing(c -> c))
                .limit(n).toList();
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}

package org.longscribe.archive;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.longscribe.transcript.HtmlWriter;

/** Addresses as the listing (in OUT_DIR) uses them. */
final class Links {
    private Links() {
    }

    /** A path relative to OUT_DIR ('/' between names) as a relative URL, each name percent-encoded. */
    static String relative(String path) {
        StringBuilder b = new StringBuilder();
        for (String part : path.split("/")) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return b.toString();
    }

    /** A recording on this machine, from a page in {@code dir}: a relative path when there is one, else a file: URI. */
    static String fromDir(Path dir, String source) {
        return source.isEmpty() ? null : HtmlWriter.mediaAddress(dir, source);
    }
}

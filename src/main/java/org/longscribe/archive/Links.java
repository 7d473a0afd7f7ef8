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

    /**
     * What may become a link on a page: an http(s) URL, or a relative path that cannot name another
     * scheme or host; null for anything else ({@code javascript:}, {@code data:}, {@code file:},
     * {@code //host}, control characters), which the page shows as text. A transcript under OUT_DIR
     * may be anyone's, and what it says is its recording's address is only data.
     */
    static String href(String address) {
        return HtmlWriter.isSafeHref(address) ? address : null;
    }

    /**
     * The address of a recording on this machine from a page in {@code dir}, as a relative path,
     * only when it leads inside {@code dir} or to the recording itself (a file that is there);
     * null otherwise.
     */
    static String toRecording(Path dir, String source) {
        if (source.isEmpty()) {
            return null;
        }
        try {
            Path file = Path.of(source);
            Path base = dir.toAbsolutePath().normalize();
            boolean inside = file.isAbsolute() ? file.normalize().startsWith(base) : base.resolve(file).normalize().startsWith(base);
            if (!inside && !(file.isAbsolute() && java.nio.file.Files.isRegularFile(file))) {
                return null;
            }
            return href(HtmlWriter.mediaAddress(dir, source));
        } catch (RuntimeException e) {
            return null; // not a path at all
        }
    }
}

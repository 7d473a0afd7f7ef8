package org.longscribe.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules every file name longscribe derives from other people's text (a podcast title, a
 * recording's name) follows, so that any title in any script becomes a name the file system takes:
 * at most {@value #MAX_BYTES} bytes of UTF-8 with every suffix longscribe adds, never cut inside a
 * code point or a grapheme cluster (an emoji with its modifiers, a letter with its combining marks),
 * and without control characters, line or paragraph separators, bidi controls, path separators or
 * characters other systems refuse.
 */
public final class FileNames {
    /** What Linux, macOS and Windows file systems allow for one name, in bytes (ext4, btrfs) or UTF-16 units. */
    public static final int MAX_BYTES = 255;
    /**
     * What longscribe may add to a derived name: {@code .episode.json}, {@code .longscribe-journal},
     * a temporary's {@code .NAME.PID.NANOS.tmp}. A derived name stays this much under {@link #MAX_BYTES}.
     */
    public static final int SUFFIX_ROOM = 64;
    /** A stem longscribe derives is at most this long, in UTF-8 bytes. */
    public static final int STEM_BYTES = MAX_BYTES - SUFFIX_ROOM;

    /** Characters that never go into a name: C0/C1 controls, format characters but the joiners emoji need, separators, bidi. */
    private static final Pattern UNWANTED = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069"
            + "&&[^\\u200C\\u200D]]|[\\p{Cf}&&[^\\u200C\\u200D]]");
    /** Path separators and what Windows and SMB shares refuse. */
    private static final Pattern RESERVED = Pattern.compile("[/\\\\:*?\"<>|]");
    private static final Pattern GRAPHEME = Pattern.compile("\\X");

    private FileNames() {
    }

    /**
     * {@code text} made safe for a name: NFKC-normalized, unwanted and reserved characters turned
     * into spaces, runs of white space made one, no dots or spaces at the ends; then cut at a
     * grapheme boundary to at most {@code maxChars} code points and {@code maxBytes} UTF-8 bytes.
     * Empty when nothing is left.
     */
    public static String safe(String text, int maxChars, int maxBytes) {
        String s = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKC);
        s = UNWANTED.matcher(s).replaceAll(" ");
        s = RESERVED.matcher(s).replaceAll(" ");
        s = trimEnds(s.replaceAll("\\s+", " ").strip());
        return trimEnds(cut(s, maxChars, maxBytes));
    }

    /**
     * The longest prefix of {@code s} made of whole grapheme clusters that has at most
     * {@code maxChars} code points and {@code maxBytes} UTF-8 bytes.
     */
    public static String cut(String s, int maxChars, int maxBytes) {
        if (s.codePointCount(0, s.length()) <= maxChars && utf8(s) <= maxBytes) {
            return s;
        }
        Matcher m = GRAPHEME.matcher(s);
        int end = 0;
        int chars = 0;
        int bytes = 0;
        while (m.find()) {
            String g = m.group();
            chars += g.codePointCount(0, g.length());
            bytes += utf8(g);
            if (chars > maxChars || bytes > maxBytes) {
                break;
            }
            end = m.end();
        }
        return s.substring(0, end);
    }

    /**
     * {@code stem} when it fits {@link #STEM_BYTES}; else cut to fit, with a short hash of the whole
     * stem after it, so that two long names that start alike still give two names.
     */
    public static String fitted(String stem) {
        if (utf8(stem) <= STEM_BYTES) {
            return stem;
        }
        String hash = " [" + shortHash(stem) + "]";
        return trimEnds(cut(stem, Integer.MAX_VALUE, STEM_BYTES - hash.length())) + hash;
    }

    /** Six hex digits of the SHA-256 of {@code text}: stable from run to run. */
    public static String shortHash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String trimEnds(String s) {
        return s.replaceAll("^[.\\s]+|[.\\s]+$", "");
    }
}

package org.longscribe.cli;

/**
 * Other people's text on the user's terminal: titles, file names, what a server said. Control
 * characters (C0, DEL, C1), line and paragraph separators and bidi controls are shown escaped
 * ({@code \x1b}, {@code \u202e}), so that a title cannot move the cursor, recolour the screen, set
 * the window title or reorder what the line says.
 */
final class TerminalText {
    private TerminalText() {
    }

    static String escape(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escaped = escaped(c);
            if (escaped != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                out.append(escaped != null ? escaped : String.valueOf(c));
            }
        }
        return out == null ? s : out.toString();
    }

    private static String escaped(char c) {
        if (c < 0x20 || c == 0x7f) {
            return String.format("\\x%02x", (int) c);
        }
        if ((c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029 || c == 0x061c || c == 0x200e || c == 0x200f
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}

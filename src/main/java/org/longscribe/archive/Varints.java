package org.longscribe.archive;

/**
 * Numbers as text, five bits a character: a posting list or a run of word times stays a JSON
 * string that a script can load from a {@code file://} page and decode without a library. Digits
 * {@code 0-9A-V} end a number, {@code W-Za-z-_} continue it (low bits first). archive.js decodes it.
 */
final class Varints {
    static final String END = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
    static final String MORE = "WXYZabcdefghijklmnopqrstuvwxyz-_";

    private Varints() {
    }

    static void append(StringBuilder b, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        while (value >= 32) {
            b.append(MORE.charAt((int) (value & 31)));
            value >>>= 5;
        }
        b.append(END.charAt((int) value));
    }

    /** Signed, zig-zag: small magnitudes stay short either way. */
    static void appendSigned(StringBuilder b, long value) {
        append(b, (value << 1) ^ (value >> 63));
    }

    /** Reads numbers one after another from a string. */
    static final class Reader {
        private final String s;
        private int at;

        Reader(String s) {
            this.s = s;
        }

        boolean more() {
            return at < s.length();
        }

        long next() {
            long value = 0;
            int shift = 0;
            while (true) {
                char c = s.charAt(at++);
                int end = END.indexOf(c);
                if (end >= 0) {
                    return value | ((long) end << shift);
                }
                int more = MORE.indexOf(c);
                if (more < 0) {
                    throw new IllegalArgumentException("not a number character: " + c);
                }
                value |= (long) more << shift;
                shift += 5;
            }
        }

        long nextSigned() {
            long z = next();
            return (z >>> 1) ^ -(z & 1);
        }
    }
}

package org.longscribe.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a word is to the search: lower case, letters, digits and apostrophes only ("Cell," and
 * "cell" are one term). archive.js does the same, so the page and {@code longscribe search} find
 * the same places.
 */
public final class Terms {
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}']+");
    private static final Pattern SPACE = Pattern.compile("\\s+");
    /** A last word shorter than this is matched whole, not as a prefix: one letter would fetch a twentieth of the index. */
    public static final int MIN_PREFIX = 2;

    private Terms() {
    }

    /** The term of a recognised word or a typed one; "" when it has no letter or digit. */
    public static String of(String word) {
        return NOT_WORD.matcher(word.toLowerCase(Locale.ROOT)).replaceAll("");
    }

    /**
     * A phrase as typed: its terms in order, and whether the last one is a prefix (it is, unless the
     * phrase ends with a space or the term is shorter than {@link #MIN_PREFIX}).
     */
    public record Phrase(List<String> terms, boolean lastIsPrefix) {
        public boolean isEmpty() {
            return terms.isEmpty();
        }
    }

    public static Phrase phrase(String typed) {
        List<String> terms = new ArrayList<>();
        for (String part : SPACE.split(typed.strip())) {
            String t = of(part);
            if (!t.isEmpty()) {
                terms.add(t);
            }
        }
        boolean prefix = !terms.isEmpty() && !typed.isEmpty() && !Character.isWhitespace(typed.charAt(typed.length() - 1))
                && terms.get(terms.size() - 1).length() >= MIN_PREFIX;
        return new Phrase(List.copyOf(terms), prefix);
    }
}

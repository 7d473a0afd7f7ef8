package org.longscribe.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordErrorRateTest {
    @Test
    void countsSubstitutionsDeletionsAndInsertions() {
        assertEquals(0, WordErrorRate.compute("the cat sat", "the cat sat").errors());
        assertEquals(1, WordErrorRate.compute("the cat sat", "the bat sat").errors());
        assertEquals(1, WordErrorRate.compute("the cat sat", "the sat").errors());
        assertEquals(1, WordErrorRate.compute("the cat sat", "the cat sat down").errors());
        assertEquals(3, WordErrorRate.compute("the cat sat", "").errors());
        assertEquals(2.0 / 3, WordErrorRate.compute("the cat sat", "a cat sat on").rate(), 1e-12);
    }

    @Test
    void normalisesCaseAndPunctuationButKeepsApostrophes() {
        assertEquals(List.of("don't", "stop", "it's", "12", "o'clock"), WordErrorRate.words("Don't STOP! It's 12 o'clock."));
        assertEquals(0, WordErrorRate.compute("Good morning, everyone.", "good morning everyone").errors());
    }

    @Test
    void emptyReference() {
        assertEquals(0.0, WordErrorRate.compute("", "").rate());
        assertEquals(1.0, WordErrorRate.compute("", "noise").rate());
    }
}

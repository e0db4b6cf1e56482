package dev.cachegate.demo;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RoundFiguresTest {

    @Test
    void addedLatencyIsStampedeMinusControl() {
        assertEquals(262.5, RoundFigures.added(265.0, 2.5));
        assertEquals(-1.0, RoundFigures.added(2.0, 3.0));
    }

    @Test
    void multipleOfTheLoadTime() {
        assertEquals(1.05, RoundFigures.multipleOf(262.5, 250), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> RoundFigures.multipleOf(1, 0));
    }
}

package dev.cachegate.demo;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoundFiguresTest {

    private static final long[] HUNDRED = LongStream.rangeClosed(1, 100)
            .map(i -> i * 1_000_000).toArray();

    @Test
    void percentilesAreNearestRankInMillis() {
        assertEquals(50.0, RoundFigures.percentileMillis(HUNDRED, 0.50));
        assertEquals(99.0, RoundFigures.percentileMillis(HUNDRED, 0.99));
        assertEquals(100.0, RoundFigures.percentileMillis(HUNDRED, 1.0));
        assertEquals(1.0, RoundFigures.percentileMillis(HUNDRED, 0.001));
    }

    @Test
    void percentileOfSmallSamplesIsAnElement() {
        long[] three = {2_000_000, 4_000_000, 9_000_000};
        assertEquals(4.0, RoundFigures.percentileMillis(three, 0.50));
        assertEquals(9.0, RoundFigures.percentileMillis(three, 0.99));
        assertEquals(7.5, RoundFigures.percentileMillis(new long[] {7_500_000}, 0.5));
    }

    @Test
    void percentileOfNothingIsNaN() {
        assertTrue(Double.isNaN(RoundFigures.percentileMillis(new long[0], 0.5)));
    }

    @Test
    void rejectsQuantilesOutsideTheUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> RoundFigures.percentileMillis(HUNDRED, 0));
        assertThrows(IllegalArgumentException.class, () -> RoundFigures.percentileMillis(HUNDRED, 1.5));
    }

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

    @Test
    void spreadOfAnOddCountTakesTheMiddleValue() {
        assertEquals(new RoundFigures.Spread(3, 1, 8), RoundFigures.Spread.of(8, 1, 3));
    }

    @Test
    void spreadOfAnEvenCountAveragesTheMiddleTwo() {
        assertEquals(new RoundFigures.Spread(2.5, 1, 4), RoundFigures.Spread.of(4, 2, 3, 1));
    }

    @Test
    void spreadOfOneValueIsThatValue() {
        assertEquals(new RoundFigures.Spread(5, 5, 5), RoundFigures.Spread.of(5));
        assertThrows(IllegalArgumentException.class, RoundFigures.Spread::of);
    }

    @Test
    void spreadDoesNotReorderItsInput() {
        double[] values = {3, 1, 2};
        RoundFigures.Spread.of(values);
        assertEquals(3, values[0]);
    }
}

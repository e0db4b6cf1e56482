package dev.cachegate.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StateMemoryGaugeTest {

    @Test
    void theRatioIsUsedOverMaxAndUndefinedWithoutALimit() {
        assertThat(StateMemoryGauge.ratio("# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\n"
                + "maxmemory:4194304\r\nmaxmemory_policy:noeviction\r\n")).isEqualTo(0.25);
        assertThat(StateMemoryGauge.ratio("used_memory:1048576\nmaxmemory:0\n")).isNaN();
    }
}

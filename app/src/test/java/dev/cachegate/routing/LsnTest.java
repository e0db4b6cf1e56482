package dev.cachegate.routing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LsnTest {

    @Test
    void parsesAndPrintsPostgresPositions() {
        assertThat(Lsn.parse("0/3000148").value()).isEqualTo(0x3000148L);
        assertThat(Lsn.parse("16/B374D848").value()).isEqualTo(0x16B374D848L);
        assertThat(Lsn.parse("16/B374D848")).hasToString("16/B374D848");
        assertThat(Lsn.parse("FFFFFFFF/FFFFFFFF").value()).isEqualTo(-1L);
    }

    @Test
    void comparesAsUnsignedPositions() {
        assertThat(Lsn.parse("1/0")).isGreaterThan(Lsn.parse("0/FFFFFFFF"));
        assertThat(Lsn.parse("FFFFFFFF/0")).isGreaterThan(Lsn.parse("1/0"));
        assertThat(Lsn.max(Lsn.parse("0/10"), Lsn.parse("0/20"))).isEqualTo(Lsn.parse("0/20"));
        assertThat(Lsn.max(null, Lsn.parse("0/20"))).isEqualTo(Lsn.parse("0/20"));
        assertThat(Lsn.max(null, null)).isNull();
    }

    @Test
    void aMalformedClientTokenIsIgnoredNotAnError() {
        assertThat(Lsn.parseOrNull("not-a-token")).isNull();
        assertThat(Lsn.parseOrNull("1/")).isNull();
        assertThat(Lsn.parseOrNull("123456789/0")).isNull();
        assertThat(Lsn.parseOrNull(null)).isNull();
        assertThatThrownBy(() -> Lsn.parse("x/y")).hasMessageContaining("'x/y'");
    }
}

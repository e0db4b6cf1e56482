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
        assertThat(Lsn.max(Lsn.parse("0/20"), null)).isEqualTo(Lsn.parse("0/20"));
        assertThat(Lsn.max(Lsn.parse("1/0"), Lsn.parse("0/FFFFFFFF"))).isEqualTo(Lsn.parse("1/0"));
    }

    @Test
    void aClientTokenIsReadTrimmed() {
        assertThat(Lsn.parseOrNull("0/3000148")).isEqualTo(new Lsn(0x3000148L));
        assertThat(Lsn.parseOrNull(" 16/B374D848 ")).isEqualTo(new Lsn(0x16B374D848L));
    }

    @Test
    void eachWordHasOneToEightHexDigits() {
        assertThat(Lsn.parse("12345678/9ABCDEF0").value()).isEqualTo(0x123456789ABCDEF0L);
        assertThatThrownBy(() -> Lsn.parse("0/123456789")).hasMessage("not a WAL position: '0/123456789'");
        assertThatThrownBy(() -> Lsn.parse("/10")).hasMessage("not a WAL position: '/10'");
        assertThatThrownBy(() -> Lsn.parse("0/")).hasMessage("not a WAL position: '0/'");
        assertThatThrownBy(() -> Lsn.parse("010")).hasMessage("not a WAL position: '010'");
    }

    @Test
    void aMalformedClientTokenIsIgnoredNotAnError() {
        assertThat(Lsn.parseOrNull("not-a-token")).isNull();
        assertThat(Lsn.parseOrNull("1/")).isNull();
        assertThat(Lsn.parseOrNull("123456789/0")).isNull();
        assertThat(Lsn.parseOrNull(null)).isNull();
        assertThat(Lsn.parseOrNull("  ")).isNull();
        assertThatThrownBy(() -> Lsn.parse("x/y")).hasMessageContaining("'x/y'");
    }
}

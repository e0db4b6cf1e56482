package dev.cachegate.auth;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressBlockTest {

    @Test
    void blocksContainTheirAddressesOnly() throws Exception {
        AddressBlock compose = AddressBlock.parse("172.16.0.0/12").orElseThrow();
        assertThat(compose.contains(InetAddress.getByName("172.31.255.1"))).isTrue();
        assertThat(compose.contains(InetAddress.getByName("172.32.0.1"))).isFalse();
        assertThat(compose.contains(InetAddress.getByName("::1"))).as("another family").isFalse();
        assertThat(AddressBlock.parse("127.0.0.1").orElseThrow().contains(InetAddress.getByName("127.0.0.2")))
                .isFalse();
        assertThat(AddressBlock.parse("::1/128").orElseThrow().contains(InetAddress.getByName("::1"))).isTrue();
    }

    @Test
    void namesAndBadPrefixesAreNotBlocks() {
        assertThat(AddressBlock.parse("nginx")).isEmpty();
        assertThat(AddressBlock.parse("10.0.0.0/33")).isEmpty();
        assertThat(AddressBlock.parse("10.0.0.0/x")).isEmpty();
        assertThatThrownBy(() -> new ClientAddressConfig(List.of("10.0.0.1", "nginx")))
                .hasMessageContaining("trusted-proxies entries must be IP addresses or CIDR blocks but one was 'nginx'");
    }
}

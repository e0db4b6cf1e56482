package dev.cachegate.auth;

import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.util.List;

/**
 * The client address a request is counted against (login throttling, rate limits): the connection's, unless that is
 * a {@code trusted-proxies} address (nginx), whose last {@code X-Forwarded-For} entry (the address nginx saw) is taken
 * instead. What a client writes into the header itself is never believed: nginx appends the real peer after it.
 */
@Singleton
public final class ClientAddresses {

    private final List<AddressBlock> trustedProxies;

    ClientAddresses(ClientAddressConfig config) {
        this.trustedProxies = config.trustedProxies().stream().map(proxy -> AddressBlock.parse(proxy).orElseThrow())
                .toList();
    }

    /**
     * @param request a request
     * @return its client's address, as a literal
     */
    public String of(HttpRequest<?> request) {
        InetAddress peer = request.getRemoteAddress().getAddress();
        if (peer != null && trustedProxies.stream().anyMatch(block -> block.contains(peer))) {
            String forwarded = request.getHeaders().get("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).trim();
                if (AddressBlock.parse(last).filter(block -> !last.contains("/")).isPresent()) {
                    return last;
                }
            }
        }
        return peer == null ? request.getRemoteAddress().getHostString() : peer.getHostAddress();
    }
}

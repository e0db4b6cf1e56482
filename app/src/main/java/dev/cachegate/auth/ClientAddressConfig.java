package dev.cachegate.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.List;

/**
 * {@code cachegate.client-address}: how {@link ClientAddresses} tells who sent a request.
 *
 * @param trustedProxies addresses or CIDR blocks (nginx's) whose {@code X-Forwarded-For} names the client; a request
 *                       from anywhere else is the client's own address, whatever it claims
 */
@Context
@ConfigurationProperties("cachegate.client-address")
public record ClientAddressConfig(@Bindable(defaultValue = "") List<String> trustedProxies) {

    /** Validates, echoing the bad value. */
    public ClientAddressConfig {
        trustedProxies = trustedProxies == null ? List.of()
                : trustedProxies.stream().map(String::trim).filter(p -> !p.isEmpty()).toList();
        for (String proxy : trustedProxies) {
            AddressBlock.parse(proxy).orElseThrow(() -> new IllegalArgumentException(
                    "cachegate.client-address.trusted-proxies entries must be IP addresses or CIDR blocks but one "
                    + "was '" + proxy + "'"));
        }
    }
}

package dev.cachegate.payments;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * A payment as its owner sees it.
 *
 * @param id          {@code pay_…}
 * @param status      {@code succeeded}, {@code pending} (the provider's answer is not known yet) or {@code declined}
 * @param amountCents the amount in minor units
 * @param currency    ISO 4217 code
 * @param description the client's description, or null
 * @param createdAt   when it was created
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Payment(String id, String status, long amountCents, String currency, @Nullable String description,
                      Instant createdAt) {
}

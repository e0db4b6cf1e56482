package dev.cachegate.ops;

import dev.cachegate.cache.InstanceName;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;


import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * This instance's name in a cluster: {@code cachegate.instance-id} (env {@code INSTANCE_ID}), or, when unset, a
 * random {@code cachegate-xxxxxxxx} chosen at startup.
 */
@Context
public final class InstanceId implements InstanceName {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String value;

    /**
     * @param configured the configured id, blank for a generated one
     */
    public InstanceId(@Value("${cachegate.instance-id:}") String configured) {
        if (configured == null || configured.isBlank()) {
            this.value = "cachegate-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        } else if (VALID.matcher(configured).matches()) {
            this.value = configured;
        } else {
            throw new IllegalArgumentException("cachegate.instance-id (INSTANCE_ID) must be 1-64 letters, digits, "
                    + "'.', '_' or '-' but was '" + configured + "'");
        }
    }

    /** @return the id */
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}

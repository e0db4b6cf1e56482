package dev.cachegate.ops;

import dev.cachegate.cache.VersionedCaches;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** Hands this instance's id to the layers below as a plain value, so that they need not know {@link InstanceId}. */
@Factory
final class InstanceIdFactory {

    @Singleton
    @Named(VersionedCaches.INSTANCE_ID)
    String instanceId(InstanceId id) {
        return id.value();
    }
}

package dev.cachegate.cache;

/**
 * This instance's name among the cluster's instances: the sender of its invalidations, so that it ignores its own.
 * The cache declares the role; the application provides it.
 */
public interface InstanceName {

    /** @return the name, unique in the cluster */
    String value();
}

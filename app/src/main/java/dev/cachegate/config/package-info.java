/** Support for typed configuration: startup checks of configured values and secrets. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.config;

/** Operations: instance id, request timing and recording, draining, {@code /whoami} and {@code /stats}. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.ops;

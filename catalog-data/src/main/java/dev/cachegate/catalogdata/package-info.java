/** The synthetic catalog: its generator, the COPY loader, the popularity model and the command line. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.catalogdata;

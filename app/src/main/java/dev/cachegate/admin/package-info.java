/** Operator controls over the product cache and injected faults, behind the admin token. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.admin;

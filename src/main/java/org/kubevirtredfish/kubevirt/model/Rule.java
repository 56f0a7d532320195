package org.kubevirtredfish.kubevirt.model;

import java.util.function.Predicate;

/**
 * One row of an ordered rule table: the result, the upstream place it comes from and its predicate.
 *
 * @param <I> what the rule reads
 * @param <R> what it yields
 */
public record Rule<I, R>(R result, String source, Predicate<I> when) {
}

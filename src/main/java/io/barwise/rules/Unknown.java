package io.barwise.rules;

/**
 * A decision depends on a fact the machine did not show: {@code fact} names it (e.g. {@code lockdown},
 * {@code claim}), {@code text} says what was assumed and what would change.
 */
public record Unknown(int req, String fact, String text) implements Facts.PerRequest {}

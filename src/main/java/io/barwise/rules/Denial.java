package io.barwise.rules;

/** A site policy denies the whole request. */
public record Denial(int req, String policy, String message) implements Facts.PerRequest {}

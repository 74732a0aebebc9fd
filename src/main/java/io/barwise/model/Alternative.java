package io.barwise.model;

/** A node considered for an intent and why it was or was not chosen. */
public record Alternative(String node, boolean chosen, String verdict) {}

package io.barwise.rules;

/** A warning for the user about a request (e.g. neighbouring registers exposed by a sub-page BAR). */
public record Note(int req, String text) implements Facts.PerRequest {}

package io.barwise.rules;

import io.barwise.model.NodeKind;

/** The node the request ends with; {@code kind} null when no node could even be tried. */
public record Choice(int req, NodeKind kind, String why) implements Facts.PerRequest {}

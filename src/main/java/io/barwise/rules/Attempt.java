package io.barwise.rules;

import io.barwise.model.NodeKind;

/** One node tried for a request; {@code rank} is its place in the intent's order (0 for an explicit node). */
public record Attempt(int req, NodeKind kind, String node, int rank) implements Facts.PerNode {}

package io.barwise.rules;

import io.barwise.model.NodeKind;

/** A site policy moves this node to the front of the intent's order. */
public record Preferred(int req, NodeKind kind, String policy) implements Facts.PerNode {}

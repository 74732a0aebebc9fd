package io.barwise.rules;

import io.barwise.model.NodeKind;

/** A site policy forbids this node for the request. */
public record Forbidden(int req, NodeKind kind, String policy, String message) implements Facts.PerNode {}

package io.barwise.rules;

import io.barwise.model.NodeKind;

/** A node the kernel model creates for a BAR but this machine does not have; {@code rule} is the model's rule. */
public record ModelExpected(String bdf, int bar, NodeKind kind, String rule) {}

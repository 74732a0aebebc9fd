package io.barwise.rules;

import io.barwise.model.MemType;
import io.barwise.model.NodeKind;

/** The memory type CPU accesses through this attempt's mapping really get. */
public record EffectiveType(int req, NodeKind kind, MemType type, String why) implements Facts.PerNode {}

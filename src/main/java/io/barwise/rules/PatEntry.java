package io.barwise.rules;

import io.barwise.model.MemType;
import io.barwise.model.NodeKind;

/**
 * What PAT did for a granted attempt: {@code type} is the entry's type (new or inherited), or null
 * when the mapping is not tracked; {@code pte} is the cache mode the PTEs finally carry.
 */
public record PatEntry(int req, NodeKind kind, MemType type, MemType pte, String why) implements Facts.PerNode {}

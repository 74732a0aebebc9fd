package io.barwise.rules;

import io.barwise.model.MemType;
import io.barwise.model.NodeKind;

/** An attempt with its end: granted with an effective type, or not (refused or forbidden). */
public record Candidate(int req, NodeKind kind, int rank, boolean granted, MemType effective, int quality,
                        boolean fulfils) implements Facts.PerRequest {}

package io.barwise.rules;

import io.barwise.model.Errno;
import io.barwise.model.NodeKind;

/** The kernel fails this attempt with {@code errno}; {@code why} names the check that fails. */
public record Refusal(int req, NodeKind kind, Errno errno, String why) implements Facts.PerNode {}

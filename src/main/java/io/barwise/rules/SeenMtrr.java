package io.barwise.rules;

import io.barwise.model.Mtrr;

/** The MTRR state the kernel works with: the machine's, or one a guest kernel forces on itself. */
public record SeenMtrr(Mtrr mtrr, String why) {}

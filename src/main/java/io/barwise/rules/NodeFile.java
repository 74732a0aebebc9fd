package io.barwise.rules;

import io.barwise.model.NodeKind;

/** A file that exists for a BAR (pci_create_attr), or /dev/mem. {@code mmappable} false: kernfs has no mmap op. */
public record NodeFile(String bdf, int bar, NodeKind kind, boolean mmappable, String rule) {}

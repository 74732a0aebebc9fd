package io.barwise.rules;

import io.barwise.model.Intent;
import io.barwise.model.NodeKind;
import io.barwise.model.Prot;

/**
 * A request as the rules see it: offset and length resolved (length defaults to the BAR rounded up
 * to pages), {@code physStart} = the PFN-aligned physical address the mapping starts at.
 */
public record MmapRequest(int req, String device, int bar, NodeKind node, Intent intent, long offset, long length,
                          Prot prot, boolean shared, long physStart) implements Facts.PerRequest {

    public long physEnd() { return physStart + length; }

    public boolean pageAligned() { return (offset & (Kernel.PAGE_SIZE - 1)) == 0; }
}

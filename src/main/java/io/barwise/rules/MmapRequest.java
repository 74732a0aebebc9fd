package io.barwise.rules;

import io.barwise.model.Intent;
import io.barwise.model.NodeKind;
import io.barwise.model.Prot;

/**
 * A request as the rules see it: offset and length resolved (length defaults to the BAR rounded up
 * to x86 pages), {@code physStart} = the 4K-page-aligned physical address the mapping starts at; rules
 * that need the platform's page size use {@link Kernel#physStart} and {@link Kernel#mapBytes}. Addresses
 * are unsigned 64-bit in the kernel; here they saturate at {@link Long#MAX_VALUE}, far above any
 * physical address, so signed comparisons in the rules stay right.
 */
public record MmapRequest(int req, String device, int bar, NodeKind node, Intent intent, long offset, long length,
                          Prot prot, boolean shared, long physStart) implements Facts.PerRequest {

    /** The VMA's size: do_mmap() page-aligns the length (saturating, like the addresses). */
    public long mapBytes() {
        long pages = Long.divideUnsigned(length, Kernel.PAGE_SIZE) + (Long.remainderUnsigned(length, Kernel.PAGE_SIZE) == 0 ? 0 : 1);
        return pages > Long.MAX_VALUE / Kernel.PAGE_SIZE ? Long.MAX_VALUE : pages * Kernel.PAGE_SIZE;
    }

    /** End of the mapped range, exclusive: the VMA covers whole pages. */
    public long physEnd() {
        long bytes = mapBytes();
        return physStart < 0 || bytes > Long.MAX_VALUE - physStart ? Long.MAX_VALUE : physStart + bytes;
    }

    public boolean pageAligned() { return (offset & (Kernel.PAGE_SIZE - 1)) == 0; }
}

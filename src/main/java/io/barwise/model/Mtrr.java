package io.barwise.model;

import java.util.List;
import java.util.TreeSet;

/**
 * The MTRR setup: a default type and variable ranges. Where ranges overlap, UC wins, and WT wins
 * over WB (Intel SDM vol. 3, "MTRR Precedences"); other overlaps are undefined and taken as UC.
 */
public record Mtrr(boolean enabled, MemType defaultType, List<MtrrRange> ranges) {

    /**
     * MTRRs absent (no MTRR CPUID bit, as in many microVMs) or disabled (MTRRdefType.E clear).
     * mtrr_type_lookup() then reports no write-back anywhere, so pat_x_mtrr_type() turns every
     * write-back request into UC-; the hardware treats all memory as UC (Intel SDM vol. 3, "MTRR
     * considerations"). The name is kept: machine readers map "MTRRs disabled" onto it.
     */
    public static final Mtrr DISABLED = new Mtrr(false, MemType.UC, List.of());

    /**
     * The state arch/x86/kernel/kvm.c kvm_init_platform() forces on SEV-SNP and TDX guests through
     * guest_force_mtrr_state(): write-back by default, one UC range for the 32-bit PCI hole
     * [end of low RAM, 4 GiB). barwise does not know where low RAM ends; every 32-bit BAR lies in the
     * hole, so the range is taken to start at 1 MiB.
     */
    public static final Mtrr GUEST_FORCED = new Mtrr(true, MemType.WB,
            List.of(new MtrrRange(0x100000L, 0x1_0000_0000L - 0x100000L, MemType.UC)));

    public Mtrr {
        ranges = List.copyOf(ranges);
        if (defaultType == MemType.UC_MINUS) throw new IllegalArgumentException("UC- is not an MTRR type");
    }

    /** The type of the single byte at {@code addr}. */
    public MemType typeAt(long addr) {
        if (!enabled) return MemType.UC;
        MemType found = null;
        for (MtrrRange r : ranges) {
            if (Long.compareUnsigned(addr, r.base()) >= 0 && Long.compareUnsigned(addr, r.end()) < 0) {
                found = found == null ? r.type() : combine(found, r.type());
            }
        }
        return found == null ? defaultType : found;
    }

    /**
     * The type of {@code [start, end)} if every byte has the same one, else null: the kernel's
     * mtrr_type_lookup() reports such a range as not uniform, and a WB request then becomes UC-.
     */
    public MemType uniformType(long start, long end) {
        TreeSet<Long> cuts = new TreeSet<>(Long::compareUnsigned);
        cuts.add(start);
        for (MtrrRange r : ranges) {
            if (inside(r.base(), start, end)) cuts.add(r.base());
            if (inside(r.end(), start, end)) cuts.add(r.end());
        }
        MemType first = null;
        for (long c : cuts) {
            MemType t = typeAt(c);
            if (first == null) first = t;
            else if (first != t) return null;
        }
        return first;
    }

    /** The most restrictive type anywhere in {@code [start, end)}: what a mixed range behaves like at worst. */
    public MemType strictestType(long start, long end) {
        TreeSet<Long> cuts = new TreeSet<>(Long::compareUnsigned);
        cuts.add(start);
        for (MtrrRange r : ranges) {
            if (inside(r.base(), start, end)) cuts.add(r.base());
            if (inside(r.end(), start, end)) cuts.add(r.end());
        }
        MemType worst = null;
        for (long c : cuts) {
            MemType t = typeAt(c);
            worst = worst == null ? t : combine(worst, t);
        }
        return worst;
    }

    private static boolean inside(long x, long start, long end) {
        return Long.compareUnsigned(x, start) > 0 && Long.compareUnsigned(x, end) < 0;
    }

    private static MemType combine(MemType a, MemType b) {
        if (a == b) return a;
        if (a == MemType.UC || b == MemType.UC) return MemType.UC;
        if ((a == MemType.WT && b == MemType.WB) || (a == MemType.WB && b == MemType.WT)) return MemType.WT;
        return MemType.UC;
    }
}

package io.barwise.rules;

import io.barwise.model.MemType;
import io.barwise.model.Mtrr;

/**
 * Small pure functions the rules call: arithmetic the kernel does inline, and the two lookup
 * tables (is_new_memtype_allowed, the SDM's MTRR x PAT table). Decisions stay in the DRL.
 */
public final class Kernel {
    private Kernel() {}

    public static final long PAGE_SIZE = 4096;

    /**
     * The largest mapping a process can have: TASK_SIZE with 4-level paging (x86_64: 2^47 minus a
     * guard page; arm64 and powerpc with 48-bit VA: 2^48). do_mmap() fails longer ones with ENOMEM.
     */
    public static long taskSize(io.barwise.model.Arch arch) {
        return arch == io.barwise.model.Arch.X86_64 ? (1L << 47) - PAGE_SIZE : 1L << 48;
    }

    /** The largest physical address width any CPU of the arch has (x86 MAXPHYADDR 52, arm64 52, powerpc 51). */
    public static int physBits(io.barwise.model.Arch arch) {
        return arch == io.barwise.model.Arch.PPC64LE ? 51 : 52;
    }

    /** True when [start, start + length) does not wrap and lies below 2^bits. */
    public static boolean physRangeValid(long start, long length, int bits) {
        long limit = 1L << bits;
        return start >= 0 && length >= 0 && start < limit && length <= limit - start;
    }

    /** pci_mmap_fits(), sysfs flavour: offset and length in pages must lie inside the rounded-up BAR. */
    public static boolean fits(long barSize, long offset, long length) {
        if (barSize <= 0) return false;
        long size = ((barSize - 1) >>> 12) + 1;
        long start = offset >>> 12;
        long nr = (length + PAGE_SIZE - 1) >>> 12;
        return start < size && nr <= size - start;
    }

    /**
     * arch/x86/include/asm/pgtable.h: is_new_memtype_allowed(). A request may not silently become
     * WB when it asked for UC-, WC or WT, nor WC when it asked for WT.
     */
    public static boolean newMemtypeAllowed(MemType want, MemType got) {
        if (got == MemType.WB && (want == MemType.UC_MINUS || want == MemType.WC || want == MemType.WT)) return false;
        return !(want == MemType.WT && got == MemType.WC);
    }

    /**
     * arch/x86/mm/pat/memtype.c: pat_x_mtrr_type(). Only a WB request is looked up in the MTRRs;
     * unless the whole range is WB it becomes UC-.
     */
    public static MemType patAfterMtrr(MemType want, Mtrr mtrr, long start, long end) {
        if (want != MemType.WB || !mtrr.enabled()) return want;
        return mtrr.uniformType(start, end) == MemType.WB ? MemType.WB : MemType.UC_MINUS;
    }

    /**
     * Intel SDM vol. 3 table "Effective Page-Level Memory Types": rows are the MTRR type (UC, WC,
     * WT, WB, WP), columns the PAT type in {@link MemType} order (UC, UC-, WC, WT, WB, WP).
     */
    private static final MemType[][] SDM = {
        /* UC */ {MemType.UC, MemType.UC, MemType.WC, MemType.UC, MemType.UC, MemType.UC},
        /* WC */ {MemType.UC, MemType.WC, MemType.WC, MemType.UC, MemType.WC, MemType.UC},
        /* WT */ {MemType.UC, MemType.UC, MemType.WC, MemType.WT, MemType.WT, MemType.WP},
        /* WB */ {MemType.UC, MemType.UC, MemType.WC, MemType.WT, MemType.WB, MemType.WP},
        /* WP */ {MemType.UC, MemType.WC, MemType.WC, MemType.WT, MemType.WP, MemType.WP},
    };

    public static MemType effective(MemType mtrr, MemType pat) {
        int row = switch (mtrr) {
            case UC, UC_MINUS -> 0;
            case WC -> 1;
            case WT -> 2;
            case WB -> 3;
            case WP -> 4;
        };
        return SDM[row][pat.ordinal()];
    }

    /** How good a memory type is for an intent, for ranking candidates; higher is better. */
    public static int quality(io.barwise.model.Intent intent, MemType t) {
        return switch (intent) {
            case CACHEABLE -> switch (t) { case WB -> 5; case WT -> 4; case WP -> 3; case WC -> 2; case UC_MINUS -> 1; case UC -> 0; };
            case WRITE_COMBINE -> switch (t) { case WC -> 5; case WB -> 4; case WT, WP -> 3; case UC_MINUS -> 1; case UC -> 0; };
            case UNCACHED -> switch (t) { case UC -> 5; case UC_MINUS -> 5; case WC -> 1; default -> 0; };
        };
    }

    /** Whether a memory type is what the intent asks for. */
    public static boolean fulfils(io.barwise.model.Intent intent, MemType t) {
        return switch (intent) {
            case CACHEABLE -> t == MemType.WB;
            case WRITE_COMBINE -> t == MemType.WC || t == MemType.WB;
            case UNCACHED -> t == MemType.UC || t == MemType.UC_MINUS;
        };
    }

    public static String hex(long v) { return "0x" + Long.toHexString(v); }
}

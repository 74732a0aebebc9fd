package io.barwise.rules;

import io.barwise.model.MemType;
import io.barwise.model.Mtrr;

/**
 * Small pure functions the rules call: arithmetic the kernel does inline, and the two lookup
 * tables (is_new_memtype_allowed, the SDM's MTRR x PAT table). Decisions stay in the DRL.
 */
public final class Kernel {
    private Kernel() {}

    /**
     * x86's PAGE_SIZE, which the engine uses to resolve a request's default length and start. The
     * rules check offsets and lengths against the platform's own page size ({@code Platform.pageSize()}).
     */
    public static final long PAGE_SIZE = 4096;

    /** The first megabyte: devmem_is_allowed() lets its pages through even when exclusive. */
    public static final long LOW_MB = 0x100000;
    /** arch/x86/include/asm/e820/types.h ISA_START_ADDRESS, ISA_END_ADDRESS. */
    public static final long ISA_START = 0xa0000, ISA_END = 0x100000;
    /** include/linux/fs.h MAX_LFS_FILESIZE on 64-bit: LLONG_MAX. */
    public static final long MAX_LFS_FILESIZE = Long.MAX_VALUE;

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
    public static boolean fits(long barSize, long offset, long length, long pageSize) {
        if (barSize <= 0) return false;
        long size = (barSize - 1) / pageSize + 1;
        long start = offset / pageSize;
        long nr = pages(length, pageSize);
        return start < size && nr <= size - start;
    }

    /** Pages covering {@code length} bytes (0 <= length), without overflow. */
    public static long pages(long length, long pageSize) {
        return length == 0 ? 0 : (length - 1) / pageSize + 1;
    }

    /** The sys_mmap() offset check: offset_in_page(off) must be 0. */
    public static boolean aligned(long offset, long pageSize) {
        return (offset & (pageSize - 1)) == 0;
    }

    /** The VMA's size: do_mmap() rounds the length up to pages (saturating at Long.MAX_VALUE). */
    public static long mapBytes(long length, long pageSize) {
        long n = pages(length, pageSize);
        return n > Long.MAX_VALUE / pageSize ? Long.MAX_VALUE : n * pageSize;
    }

    /** The physical address a mapping starts at: the BAR's page (PFN = start >> PAGE_SHIFT) plus the offset. */
    public static long physStart(long barStart, long offset, long pageSize) {
        long page = barStart & ~(pageSize - 1);
        return offset > Long.MAX_VALUE - page ? Long.MAX_VALUE : page + offset;
    }

    /**
     * mm/mmap.c do_mmap() -> file_mmap_ok(): a regular file (sysfs attributes are) may be mapped only
     * below MAX_LFS_FILESIZE, so pgoff > (MAX_LFS_FILESIZE - len) >> PAGE_SHIFT fails with EOVERFLOW.
     * {@code len} is the page-aligned length.
     */
    public static boolean fileOffsetOverflows(long offset, long length, long pageSize) {
        long len = mapBytes(length, pageSize);
        return Long.compareUnsigned(len, MAX_LFS_FILESIZE) > 0 || offset / pageSize > (MAX_LFS_FILESIZE - len) / pageSize;
    }

    /**
     * x86_platform.is_untracked_pat_range() = is_ISA_range(): [start, end) lies inside the legacy ISA
     * hole [0xa0000, 0x100000), which memtype_reserve() never tracks and always maps write-back.
     */
    public static boolean isaRange(long start, long end) {
        return start >= ISA_START && end <= ISA_END;
    }

    /**
     * The first address range_is_allowed() can refuse: x86 devmem_is_allowed() lets the first
     * megabyte through even when iomem_is_exclusive() (pfn < 256); arm64 and powerpc do not.
     */
    public static long devmemCheckedFrom(io.barwise.model.Arch arch, long start) {
        return arch == io.barwise.model.Arch.X86_64 ? Math.max(start, LOW_MB) : start;
    }

    /** Whether the inclusive byte range [s1, e1] meets [s2, e2) (a region against pages). */
    public static boolean meets(long s1, long e1, long s2, long e2) {
        return s1 < e2 && e1 >= s2;
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
     * unless mtrr_type_lookup() says WB (the whole range WB) it becomes UC-. With MTRRs absent or
     * disabled the lookup gives MTRR_TYPE_INVALID (5.10, 6.1) or UC (6.2+), never WB.
     */
    public static MemType patAfterMtrr(MemType want, Mtrr mtrr, long start, long end) {
        if (want != MemType.WB) return want;
        return mtrr.enabled() && mtrr.uniformType(start, end) == MemType.WB ? MemType.WB : MemType.UC_MINUS;
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

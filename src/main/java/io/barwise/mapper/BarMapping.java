package io.barwise.mapper;

import io.barwise.model.Bar;
import io.barwise.model.Decision;
import io.barwise.model.NodeKind;
import io.barwise.model.Outcome;
import io.barwise.model.Request;
import io.barwise.sysfs.MachineSource;
import io.barwise.sysfs.PciFunction;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * A BAR mapped into this process as a decision says: the node it names is opened ({@code O_RDONLY},
 * or {@code O_RDWR} with {@link Options#write()}; {@code O_SYNC} for {@code devmem-sync}) and
 * mapped {@code MAP_SHARED} with mmap(2) through the Foreign Function and Memory API, at the
 * request's offset (for {@code /dev/mem}: the BAR's physical page address plus the offset) for
 * the decided length.
 *
 * <p>Offsets given to {@link #read}, {@link #write} and {@link #bytes} count from the start of the
 * mapping, which is the first page of the BAR plus the request's offset: a BAR that does not start
 * on a page boundary has its registers at {@link #barOffset()}. Accesses stay inside the mapping,
 * which the kernel keeps inside the BAR rounded up to whole pages (for {@code /dev/mem} barwise
 * checks that itself). Widths are in bits, as on the command line: 8, 16, 32 or 64, naturally
 * aligned, little-endian, each a single load or store.
 *
 * <p>Not thread-safe. Close it to unmap; a revoked mapping (SIGBUS) raises
 * {@link MappingRevokedException} on access.
 */
public final class BarMapping implements AutoCloseable {

    /**
     * How to open.
     *
     * @param write          open read-write and map {@code PROT_READ|PROT_WRITE}; else read-only
     * @param force          map a BAR that a driver has claimed (or may have: claim unknown)
     * @param evenIfRefused  try even when the decision predicts a kernel refusal (to observe the real errno)
     */
    public record Options(boolean write, boolean force, boolean evenIfRefused) {
        public static final Options READ_ONLY = new Options(false, false, false);
    }

    private final Decision decision;
    private final Path path;
    private final long fileOffset;
    private final long length;
    private final long physStart;
    private final long barOffset;
    private final boolean writable;
    private MemorySegment segment;
    private int fd;

    private BarMapping(Decision decision, Path path, long fileOffset, long length, long physStart, long barOffset,
                       boolean writable, MemorySegment segment, int fd) {
        this.decision = decision;
        this.path = path;
        this.fileOffset = fileOffset;
        this.length = length;
        this.physStart = physStart;
        this.barOffset = barOffset;
        this.writable = writable;
        this.segment = segment;
        this.fd = fd;
    }

    /** Maps read-only. See {@link #open(MachineSource, Decision, Options)}. */
    public static BarMapping open(MachineSource machine, Decision decision) {
        return open(machine, decision, Options.READ_ONLY);
    }

    /**
     * Opens and maps the node the decision chose.
     *
     * @throws MappingException      the decision was denied by policy, predicts a refusal (without
     *                               {@code evenIfRefused}), names no node, or a driver holds the BAR
     *                               or may (without {@code force}; {@link #heldByDriver}); or the range leaves the BAR
     * @throws io.barwise.model.InvalidInputException the machine has no such device or BAR ({@link Target#find})
     * @throws MmapFailedException   open(2) or mmap(2) failed; carries the errno
     */
    public static BarMapping open(MachineSource machine, Decision decision, Options options) {
        Request r = decision.request();
        if (decision.outcome() == Outcome.DENIED && !options.force()) {
            throw new MappingException(r.describe() + ": denied by policy: " + String.join("; ", decision.reasons()));
        }
        if (decision.outcome() == Outcome.REFUSED && !options.evenIfRefused()) {
            throw new MappingException(r.describe() + ": the kernel is predicted to refuse " + decision.node() + " with " + decision.errno());
        }
        if (decision.node() == null) throw new MappingException(r.describe() + ": no node was chosen");
        return open(machine, decision, r.device(), r.bar(), decision.node(), r.offset(), decision.mapLength(), options);
    }

    /**
     * Opens and maps a node without a decision (the lab uses this to observe what the kernel does).
     * {@code length} null means the BAR rounded up to pages, from the offset. The same checks apply
     * (a driver holds the BAR, without force; /dev/mem past the BAR, empty placeholder files).
     */
    public static BarMapping openNode(MachineSource machine, String bdf, int barIndex, String node, long offset, Long length,
                                      Options options) {
        return open(machine, null, bdf, barIndex, node, offset, length, options);
    }

    private static BarMapping open(MachineSource machine, Decision decision, String address, int barIndex, String node, long offset,
                                   Long requestedLength, Options options) {
        Target target = Target.find(machine, address, barIndex);
        PciFunction fn = target.function();
        Bar bar = target.bar();
        String bdf = target.bdf();
        NodeKind kind = NodeKind.parse(node, barIndex);
        Path path = machine.nodePath(bdf, node)
                .orElseThrow(() -> new MappingException(machine.name() + " has no files to map (a scenario?)"));
        // A node that is not there cannot race with a driver: open(2) just fails, which is worth observing.
        if (heldByDriver(fn.device().driver(), bar) && !options.force() && java.nio.file.Files.exists(path)) {
            throw new MappingException(bdf + " BAR" + barIndex + (bar.busy() ? " is claimed by " + bar.claimant()
                    : ": whether driver " + fn.device().driver() + " claims it is unknown") + " (driver " + fn.device().driver()
                    + "); a userspace mapping races with it and is revoked when it claims the BAR again (Options.force, barwise map --force, maps anyway)");
        }
        try {
            if (!kind.isDevmem() && java.nio.file.Files.isRegularFile(path) && java.nio.file.Files.size(path) == 0) {
                throw new MappingException(path + " is an empty file (a snapshot's placeholder?): nothing to map");
            }
        } catch (java.io.IOException e) {
            // open(2) below reports it
        }
        long page = Libc.pageSize();
        long barPage = bar.start() & ~(page - 1);
        long rounded = bar.pages(page) * page;
        long length = requestedLength != null ? requestedLength : Math.max(0, rounded - offset);
        long fileOffset = kind.isDevmem() ? barPage + offset : offset;
        if (kind.isDevmem() && (offset < 0 || length < 0 || offset + length > rounded || offset + length < 0)) {
            throw new MappingException("/dev/mem: offset " + offset + " + length " + length + " leaves BAR" + barIndex
                    + " (" + rounded + " bytes rounded to pages); barwise does not map past a BAR");
        }
        int flags = kind == NodeKind.DEVMEM_SYNC ? Libc.O_SYNC : 0;
        return map(decision, path, fileOffset, length, barPage + offset, bar.start() - barPage - offset, flags, options.write());
    }

    /**
     * A driver holds the BAR, or may: claimed (read from /proc/iomem or assumed from the driver), or
     * a bound driver whose claim is unknown. A driver that binds without claiming (uio_pci_generic,
     * pci-stub) leaves the BAR to user space.
     */
    static boolean heldByDriver(String driver, Bar bar) {
        return bar.busy() || (driver != null && bar.claim() == Bar.Claim.UNKNOWN);
    }

    /** Maps any file (tests use a regular file to see what a revoked mapping does). */
    static BarMapping mapFile(Path path, long fileOffset, long length, boolean write) {
        return map(null, path, fileOffset, length, 0, 0, 0, write);
    }

    private static BarMapping map(Decision decision, Path path, long fileOffset, long length, long physStart, long barOffset,
                                  int extraFlags, boolean write) {
        int flags = (write ? Libc.O_RDWR : Libc.O_RDONLY) | extraFlags;
        Libc.Result fd = Libc.open(path.toString(), flags);
        if (fd.value() < 0) throw new MmapFailedException("open", fd.errno(), path, null);
        int prot = Libc.PROT_READ | (write ? Libc.PROT_WRITE : 0);
        Libc.Result addr = Libc.mmap(length, prot, Libc.MAP_SHARED, (int) fd.value(), fileOffset);
        if (addr.value() == Libc.MAP_FAILED) {
            Libc.close((int) fd.value());
            throw new MmapFailedException("mmap", addr.errno(), path, "offset " + hex(fileOffset) + ", length " + hex(length));
        }
        MemorySegment seg = MemorySegment.ofAddress(addr.value()).reinterpret(length);
        return new BarMapping(decision, path, fileOffset, length, physStart, barOffset, write, seg, (int) fd.value());
    }

    /** The decision this mapping carries out. */
    public Decision decision() { return decision; }

    /** The file that was opened ({@code .../resource2_wc}, {@code /dev/mem}). */
    public Path path() { return path; }

    /** The mmap offset passed to the kernel (BAR-relative for sysfs, physical for /dev/mem). */
    public long fileOffset() { return fileOffset; }

    /** Bytes mapped. */
    public long length() { return length; }

    /** Physical address of the first mapped byte: the BAR's page plus the request's offset. */
    public long physicalStart() { return physStart; }

    /** Where the BAR's first byte is in the mapping (non-zero for a BAR that is not page-aligned; negative past it). */
    public long barOffset() { return barOffset; }

    public boolean writable() { return writable; }

    /** The mapped memory; invalid after {@link #close()}. */
    public MemorySegment segment() {
        check();
        return segment;
    }

    /** One little-endian load of {@code bits} (8, 16, 32, 64) at {@code offset}, zero-extended. */
    public long read(long offset, int bits) {
        check(offset, bits);
        try {
            return switch (bits) {
                case 8 -> Byte.toUnsignedLong(segment.get(ValueLayout.JAVA_BYTE, offset));
                case 16 -> Short.toUnsignedLong(segment.get(LE_SHORT, offset));
                case 32 -> Integer.toUnsignedLong(segment.get(LE_INT, offset));
                default -> segment.get(LE_LONG, offset);
            };
        } catch (InternalError e) {
            throw revoked(e, offset);
        }
    }

    /** One little-endian store of the low {@code bits} (8, 16, 32, 64) of {@code value} at {@code offset}. */
    public void write(long offset, int bits, long value) {
        if (!writable) throw new MappingException("mapped read-only: open with Options.write (barwise map --write) to store");
        check(offset, bits);
        try {
            switch (bits) {
                case 8 -> segment.set(ValueLayout.JAVA_BYTE, offset, (byte) value);
                case 16 -> segment.set(LE_SHORT, offset, (short) value);
                case 32 -> segment.set(LE_INT, offset, (int) value);
                default -> segment.set(LE_LONG, offset, value);
            }
        } catch (InternalError e) {
            throw revoked(e, offset);
        }
    }

    /** {@code len} bytes from {@code offset}, read one byte at a time (safe for registers that reject wide reads). */
    public byte[] bytes(long offset, int len) {
        check();
        if (offset < 0 || len < 0 || offset + len > length) throw new MappingException(range(offset, len));
        byte[] out = new byte[len];
        try {
            for (int i = 0; i < len; i++) out[i] = segment.get(ValueLayout.JAVA_BYTE, offset + i);
        } catch (InternalError e) {
            throw revoked(e, offset);
        }
        return out;
    }

    /** Unmaps and closes the file. Idempotent. */
    @Override
    public void close() {
        if (segment == null) return;
        Libc.munmap(segment.address(), length);
        Libc.close(fd);
        segment = null;
        fd = -1;
    }

    public boolean isOpen() { return segment != null; }

    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);

    private void check() {
        if (segment == null) throw new MappingException("the mapping is closed");
    }

    private void check(long offset, int bits) {
        check();
        if (bits != 8 && bits != 16 && bits != 32 && bits != 64) throw new MappingException("width " + bits + " bits: use 8, 16, 32 or 64");
        int bytes = bits / 8;
        if (offset < 0 || offset + bytes > length) throw new MappingException(range(offset, bytes));
        if (offset % bytes != 0) throw new MappingException("offset " + hex(offset) + " is not aligned to " + bits + " bits");
    }

    private String range(long offset, long len) {
        return "offset " + hex(offset) + " + " + len + " is outside the mapping (" + length + " bytes)";
    }

    private MappingRevokedException revoked(InternalError e, long offset) {
        return new MappingRevokedException("access at offset " + hex(offset) + " of " + path
                + " faulted (SIGBUS): the mapping was revoked, e.g. a driver claimed the BAR", e);
    }

    static String hex(long v) { return "0x" + Long.toHexString(v); }
}

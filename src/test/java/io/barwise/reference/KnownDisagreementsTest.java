package io.barwise.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.barwise.engine.DecisionEngine;
import io.barwise.model.*;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The minimal scenario of every entry in {@link KnownDisagreements#LIST} (as written up in
 * src/test/resources/differential/disagreements.md) must still disagree, and be classified as that
 * entry alone. When the engine is fixed this fails: then delete the entry, its deviation and its write-up.
 */
class KnownDisagreementsTest {
    static final Platform HOST = new Platform(Arch.X86_64, new KernelVersion(6, 12), true, Mtrr.DISABLED, Lockdown.NONE,
            IomemMode.DEFAULT, true, true, Caller.ROOT, Hypervisor.NONE, Set.of());
    static final String DEV = "0000:00:03.0";

    static Device device(long size) {
        return new Device(DEV, 0x8086, 0x1234, 0x8086, 0, 0, 0, null, false, List.of(new Bar(0, 0xfe000000L, 0xfe000000L + size - 1, 0x40200)));
    }

    static Request request(NodeKind k, long offset, long length) {
        return new Request(0, DEV, 0, k, null, offset, length, Prot.READ_WRITE, true, false);
    }

    /** D1: a 256-byte mapping of a one-page BAR; a WB entry in the second half of that page. */
    static final Scenario D1 = new Scenario(HOST, List.of(device(0x100)),
            List.of(new Reservation(0xfe000800L, 0xfe001000L, MemType.WB, "driver")), List.of(request(NodeKind.RESOURCE, 0, 0x100)));
    /** D2: /dev/mem O_SYNC with a length just under 2^63; a WB entry 1 MiB above the BAR. */
    static final Scenario D2 = new Scenario(HOST, List.of(device(0x1000)),
            List.of(new Reservation(0xfe100000L, 0xfe101000L, MemType.WB, "driver")),
            List.of(request(NodeKind.DEVMEM_SYNC, 0, 0x7fff_ffff_ffff_f000L)));
    /** D3: /dev/mem at offset and length just under 2^63 each: the range wraps past 2^64. */
    static final Scenario D3 = new Scenario(HOST, List.of(device(0x1000)), List.of(),
            List.of(request(NodeKind.DEVMEM, 0x7fff_ffff_ffff_f000L, 0x7fff_ffff_ffff_f000L)));

    final Differential diff = new Differential(DecisionEngine.builtIn(), new ReferenceModel());

    void check(String id, Scenario s, Outcome kernel, Errno errno) {
        Differential.Mismatch m = diff.compare(s);
        assertThat(m).as(id + " no longer reproduces: the engine agrees with the kernel now. Delete " + id
                + " from KnownDisagreements.LIST, its Deviation and its entry in disagreements.md").isNotNull();
        assertThat(KnownDisagreements.classify(m)).as(id + " is classified differently:\n" + m.describe()).isEqualTo(id);
        assertThat(m.reference().outcome()).isEqualTo(kernel);
        assertThat(m.reference().errno()).isEqualTo(errno);
        assertThat(m.engine().outcome()).isEqualTo(Outcome.MAPPED);
    }

    @Test
    void d1PatRangeInBytes() { check("D1", D1, Outcome.REFUSED, Errno.EINVAL); }

    @Test
    void d2SignedRangeEnd() { check("D2", D2, Outcome.REFUSED, Errno.EAGAIN); }

    @Test
    void d3NoDevmemWrapCheck() { check("D3", D3, Outcome.REFUSED, Errno.EINVAL); }

    /** D3 with hold: true: the engine inserts a Reservation whose end is below its start and throws out of decide(). */
    @Test
    void d3HeldWrappedMappingThrows() {
        Scenario held = new Scenario(HOST, List.of(device(0x1000)), List.of(),
                List.of(new Request(0, DEV, 0, NodeKind.DEVMEM, null, 0x7fff_ffff_ffff_f000L, 0x7fff_ffff_ffff_f000L, Prot.READ_WRITE, true, true)));
        Differential.Mismatch m = diff.compare(held);
        assertThat(m).as("D3 (held) no longer reproduces: the engine no longer throws. Update KnownDisagreements and disagreements.md").isNotNull();
        assertThat(m.exception()).isEqualTo("IllegalArgumentException: reservation end must be above start");
        assertThat(KnownDisagreements.classify(m)).isEqualTo("D3 (engine throws)");
    }
}

package io.barwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.barwise.model.*;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EngineSmokeTest {
    static final Device IVSHMEM = new Device("0000:00:02.0", 0x1af4, 0x1110, 0x1af4, 0x1100, 0x050000, 1, null, false,
            List.of(new Bar(0, 0xfebfe000L, 0xfebfe0ffL, 0x40200), new Bar(2, 0xfe400000L, 0xfe7fffffL, 0x14220c)));

    @Test
    void ivshmemUnderStockKernel() {
        Platform p = new Platform(Arch.X86_64, new KernelVersion(6, 1), true,
                new Mtrr(true, MemType.WB, List.of(new MtrrRange(0x80000000L, 0x80000000L, MemType.UC))),
                Lockdown.NONE, IomemMode.DEFAULT, true, true, Caller.ROOT, Hypervisor.KVM_AMD, Set.of());
        Scenario s = new Scenario(p, List.of(IVSHMEM), List.of(), List.of(
                Request.node(0, "0000:00:02.0", 2, NodeKind.RESOURCE),
                Request.node(1, "0000:00:02.0", 2, NodeKind.RESOURCE_WC),
                Request.intent(2, "0000:00:02.0", 2, Intent.CACHEABLE)));
        Report r = DecisionEngine.builtIn().decide(s);
        r.decisions().forEach(d -> System.out.println(d));
        assertThat(r.decisions().get(0).memtype()).isEqualTo(MemType.UC_MINUS);
        assertThat(r.decisions().get(1).memtype()).isEqualTo(MemType.UC_MINUS);
    }
}

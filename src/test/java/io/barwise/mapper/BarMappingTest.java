package io.barwise.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.barwise.engine.DecisionEngine;
import io.barwise.model.Decision;
import io.barwise.model.NodeKind;
import io.barwise.model.Request;
import io.barwise.sysfs.SysfsMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarMappingTest {
    @TempDir Path tmp;

    static Decision decide(SysfsMachine m, Request r) {
        return DecisionEngine.builtIn().decide(m.scenario(List.of(r))).decisions().get(0);
    }

    @Test
    void mapsReadsAndWritesWithExactWidths() throws Exception {
        SysfsMachine m = SysfsMachine.at(FakeMachine.ivshmem(tmp, 1 << 16, null));
        Decision d = decide(m, Request.node(0, FakeMachine.BDF, 2, NodeKind.RESOURCE_WC));
        assertThat(d.granted()).isTrue();
        try (BarMapping map = BarMapping.open(m, d, new BarMapping.Options(true, false, false))) {
            assertThat(map.length()).isEqualTo(1 << 16);
            assertThat(map.physicalStart()).isEqualTo(0xfe400000L);
            assertThat(map.read(0, 64)).isEqualTo(0x6b72616d74736f68L);
            assertThat(map.read(0, 32)).isEqualTo(0x74736f68L);
            assertThat(map.read(4, 16)).isEqualTo(0x616dL);
            assertThat(map.read(7, 8)).isEqualTo(0x6bL);
            map.write(0x1000, 64, 0x1122334455667788L);
            map.write(0x1008, 16, 0xbeef);
            assertThat(map.read(0x1000, 32)).isEqualTo(0x55667788L);
            assertThat(map.bytes(0x1008, 2)).containsExactly(0xef, 0xbe);
            assertThatThrownBy(() -> map.read((1 << 16) - 4, 64)).isInstanceOf(MappingException.class).hasMessageContaining("outside");
            assertThatThrownBy(() -> map.read(-8, 64)).isInstanceOf(MappingException.class);
            assertThatThrownBy(() -> map.read(2, 32)).isInstanceOf(MappingException.class).hasMessageContaining("aligned");
            assertThatThrownBy(() -> map.read(0, 3)).isInstanceOf(MappingException.class);
            assertThatThrownBy(() -> map.read(0, 4)).isInstanceOf(MappingException.class).hasMessageContaining("bits");
        }
        byte[] file = Files.readAllBytes(tmp.resolve("sys/bus/pci/devices/" + FakeMachine.BDF + "/resource2_wc"));
        assertThat(file[0x1000]).isEqualTo((byte) 0x88);
        assertThat(file[0x1009]).isEqualTo((byte) 0xbe);
    }

    @Test
    void readOnlyByDefault() throws Exception {
        SysfsMachine m = SysfsMachine.at(FakeMachine.ivshmem(tmp, 1 << 16, null));
        try (BarMapping map = BarMapping.open(m, decide(m, Request.node(0, FakeMachine.BDF, 2, NodeKind.RESOURCE)))) {
            assertThat(map.writable()).isFalse();
            assertThatThrownBy(() -> map.write(0, 32, 1)).isInstanceOf(MappingException.class).hasMessageContaining("read-only");
        }
    }

    @Test
    void subPageBarMapsOnePage() throws Exception {
        SysfsMachine m = SysfsMachine.at(FakeMachine.ivshmem(tmp, 1 << 16, null));
        Request r = new Request(0, FakeMachine.BDF, 0, NodeKind.RESOURCE, null, 0, 4096L, null, true, true);
        try (BarMapping map = BarMapping.open(m, decide(m, r))) {
            assertThat(map.length()).isEqualTo(4096);
            assertThat(new String(map.bytes(0, 4))).isEqualTo("REGS");
            assertThat(map.read(4092, 32)).isZero(); // the page rounding is allowed
        }
    }

    @Test
    void errnoIsCaptured() throws Exception {
        SysfsMachine m = SysfsMachine.at(FakeMachine.ivshmem(tmp, 1 << 16, null));
        // unaligned offset: the prediction is EINVAL; trying anyway shows what mmap(2) says
        Request r = new Request(0, FakeMachine.BDF, 2, NodeKind.RESOURCE, null, 100, 4096L, null, true, true);
        Decision d = decide(m, r);
        assertThat(d.errno()).hasToString("EINVAL");
        assertThatThrownBy(() -> BarMapping.open(m, d)).isInstanceOf(MappingException.class).hasMessageContaining("predicted to refuse");
        assertThatThrownBy(() -> BarMapping.open(m, d, new BarMapping.Options(false, false, true)))
                .isInstanceOfSatisfying(MmapFailedException.class, e -> {
                    assertThat(e.errnoName()).isEqualTo("EINVAL");
                    assertThat(e.stage()).isEqualTo("mmap");
                });
        // a node that does not exist: open(2) says ENOENT
        assertThatThrownBy(() -> BarMapping.openNode(m, FakeMachine.BDF, 2, "resource2_wb", 0, null, BarMapping.Options.READ_ONLY))
                .isInstanceOfSatisfying(MmapFailedException.class, e -> assertThat(e.errnoName()).isEqualTo("ENOENT"));
    }

    @Test
    void boundDriverNeedsForce() throws Exception {
        SysfsMachine m = SysfsMachine.at(FakeMachine.ivshmem(tmp, 1 << 16, "kvmfr"));
        assertThatThrownBy(() -> BarMapping.openNode(m, FakeMachine.BDF, 2, "resource2", 0, null, BarMapping.Options.READ_ONLY))
                .isInstanceOf(MappingException.class).hasMessageContaining("kvmfr");
        try (BarMapping map = BarMapping.openNode(m, FakeMachine.BDF, 2, "resource2", 0, null, new BarMapping.Options(false, true, false))) {
            assertThat(map.read(0, 8)).isEqualTo(0x68);
        }
    }

    @Test
    void devmemNeverLeavesTheBar() throws Exception {
        SysfsMachine m = SysfsMachine.at(FakeMachine.ivshmem(tmp, 1 << 16, null));
        assertThatThrownBy(() -> BarMapping.openNode(m, FakeMachine.BDF, 2, "devmem", 0, (1L << 16) + 4096, BarMapping.Options.READ_ONLY))
                .isInstanceOf(MappingException.class).hasMessageContaining("past a BAR");
    }

    @Test
    void placeholdersAreNotMapped() {
        SysfsMachine m = SysfsMachine.at(io.barwise.sysfs.Fixtures.tree("ivshmem-guest"));
        assertThatThrownBy(() -> BarMapping.openNode(m, "0000:00:02.0", 2, "resource2", 0, null, BarMapping.Options.READ_ONLY))
                .isInstanceOf(MappingException.class).hasMessageContaining("placeholder");
    }

    @Test
    void patDiffFindsTheAddedEntry() {
        var uc = new io.barwise.model.Reservation(0x1000, 0x3000, io.barwise.model.MemType.UC_MINUS, "x");
        var wc = new io.barwise.model.Reservation(0x1000, 0x3000, io.barwise.model.MemType.WC, "x");
        assertThat(Verification.added(List.of(), List.of(uc), 0x1000, 0x3000)).isEqualTo(io.barwise.model.MemType.UC_MINUS);
        assertThat(Verification.added(List.of(uc), List.of(uc, uc), 0x1000, 0x3000)).isEqualTo(io.barwise.model.MemType.UC_MINUS);
        assertThat(Verification.added(List.of(wc), List.of(wc), 0x1000, 0x3000)).isNull();
        assertThat(Verification.added(List.of(), List.of(wc), 0x2000, 0x4000)).isNull();
    }

    @Test
    void accessSpecs() {
        assertThat(Access.read("0x10:32")).isEqualTo(new Access(Access.Kind.READ, 16, 32, 0, 0));
        assertThat(Access.poke("8:16=0xbeef")).isEqualTo(new Access(Access.Kind.POKE, 8, 16, 0xbeef, 0));
        assertThat(Access.dump("0:32")).isEqualTo(new Access(Access.Kind.DUMP, 0, 0, 0, 32));
        assertThat(Access.dump("0:32:8")).isEqualTo(new Access(Access.Kind.DUMP, 0, 8, 0, 32));
        assertThatThrownBy(() -> Access.dump("0:32:3")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bits");
        assertThatThrownBy(() -> Access.read("0:12")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Access.poke("0:8=0x100")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Access.read("x:8")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Access.hexdump(0x10, "hi there\0".getBytes()))
                .isEqualTo("00000010: 6869 2074 6865 7265 00" + " ".repeat(19) + "hi there.");
    }
}

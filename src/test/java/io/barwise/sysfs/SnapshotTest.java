package io.barwise.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {
    @TempDir Path tmp;

    @Test
    void roundTripKeepsWhatScanReads() throws Exception {
        for (String tree : new String[] {"ivshmem-guest", "gpu-host", "nopat-guest", "lockdown-guest", "patched-guest"}) {
            SysfsMachine src = SysfsMachine.at(Fixtures.tree(tree));
            Path out = tmp.resolve(tree);
            SnapshotWriter.write(src, out);
            SysfsMachine copy = SysfsMachine.at(out);
            assertThat(copy.platform().platform()).as(tree).isEqualTo(src.platform().platform());
            assertThat(copy.devices()).as(tree).isEqualTo(src.devices());
            assertThat(copy.patEntries()).as(tree).isEqualTo(src.patEntries());
        }
        // nodes are empty placeholders; the driver is a relative symlink that stays dangling
        Path node = tmp.resolve("gpu-host/sys/bus/pci/devices/0000:01:00.0/resource1_wc");
        assertThat(Files.size(node)).isZero();
        Path driver = tmp.resolve("gpu-host/sys/bus/pci/devices/0000:01:00.0/driver");
        assertThat(Files.isSymbolicLink(driver)).isTrue();
        assertThat(Files.readSymbolicLink(driver).toString()).isEqualTo("../../../../bus/pci/drivers/nvidia");
        assertThat(Files.readString(tmp.resolve("gpu-host/boot/config-6.12.38+deb13-amd64"))).contains("# CONFIG_IO_STRICT_DEVMEM is not set");
    }

    @Test
    void refusesANonEmptyTarget() throws IOException {
        Files.writeString(tmp.resolve("x"), "");
        assertThatThrownBy(() -> SnapshotWriter.write(SysfsMachine.at(Fixtures.tree("ivshmem-guest")), tmp))
                .isInstanceOf(IOException.class).hasMessageContaining("not empty");
    }

    @Test
    void scenarioMachineHasNoFiles() {
        ScenarioMachine m = ScenarioMachine.read(Path.of("examples/ivshmem-plain.yaml"));
        assertThat(m.devices()).hasSize(1);
        assertThat(m.platform().platform().hypervisor().id()).isEqualTo("kvm-amd");
        assertThat(m.nodePath("0000:00:02.0", "resource2")).isEmpty();
        assertThat(m.scenario(java.util.List.of()).devices()).hasSize(1);
    }
}

package io.barwise.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot trees that try to make barwise read outside the root, or pass off bad addresses. */
class HostileTreeTest {
    @TempDir Path tmp;

    Path root;
    Path secret;

    void tree() throws Exception {
        root = Files.createDirectories(tmp.resolve("root"));
        secret = Files.writeString(tmp.resolve("secret"), "0x1af4\n");
        Files.createDirectories(root.resolve("sys/bus/pci/devices"));
        Files.createDirectories(root.resolve("proc/sys/kernel"));
    }

    Path dev(String bdf) throws Exception {
        Path d = Files.createDirectories(root.resolve("sys/bus/pci/devices").resolve(bdf));
        Files.writeString(d.resolve("vendor"), "0x1af4\n");
        Files.writeString(d.resolve("device"), "0x1110\n");
        Files.writeString(d.resolve("resource"), "0x00000000fe400000 0x00000000fe7fffff 0x000000000014220c\n");
        return d;
    }

    @Test
    void symlinkOutOfTheRootIsRefused() throws Exception {
        tree();
        Path d = dev("0000:00:02.0");
        Files.delete(d.resolve("vendor"));
        Files.createSymbolicLink(d.resolve("vendor"), Path.of("../../../../../../secret")); // relative, climbs out
        Path d2 = dev("0000:00:03.0");
        Files.delete(d2.resolve("vendor"));
        Files.createSymbolicLink(d2.resolve("vendor"), secret); // absolute
        Files.createSymbolicLink(root.resolve("proc/cmdline"), secret);

        SysfsMachine m = SysfsMachine.at(root);
        assertThat(m.devices()).isEmpty();
        assertThat(m.warnings()).hasSize(2).allMatch(w -> w.contains("skipped"));
        assertThatThrownBy(() -> m.platform()).isInstanceOf(SafeRoot.UncheckedEscape.class).hasMessageContaining("absolute");
        assertThatThrownBy(() -> new SafeRoot(root).resolve("../secret")).isInstanceOf(SafeRoot.EscapeException.class);
        java.io.StringWriter err = new java.io.StringWriter();
        int code = io.barwise.cli.Main.run(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err),
                "scan", "--sysfs-root", root.toString());
        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("absolute");
        assertThatThrownBy(() -> new SafeRoot(root).resolve("sys/../../secret")).isInstanceOf(SafeRoot.EscapeException.class);
    }

    @Test
    void deviceDirectoryLinkedOutOfTheRootIsSkipped() throws Exception {
        tree();
        Path outside = Files.createDirectories(tmp.resolve("elsewhere/0000:00:04.0"));
        Files.writeString(outside.resolve("vendor"), "0x1af4\n");
        Files.writeString(outside.resolve("device"), "0x1110\n");
        Files.writeString(outside.resolve("resource"), "0x00000000fe400000 0x00000000fe7fffff 0x000000000014220c\n");
        Files.createSymbolicLink(root.resolve("sys/bus/pci/devices/0000:00:04.0"), Path.of("../../../../../elsewhere/0000:00:04.0"));
        SysfsMachine m = SysfsMachine.at(root);
        assertThat(m.devices()).isEmpty();
        assertThat(m.warnings()).singleElement().asString().contains("0000:00:04.0").contains("out of");
    }

    @Test
    void linksInsideTheRootAreFollowedLikeRealSysfs() throws Exception {
        tree();
        Path real = Files.createDirectories(root.resolve("sys/devices/pci0000:00/0000:00:02.0"));
        Files.writeString(real.resolve("vendor"), "0x1af4\n");
        Files.writeString(real.resolve("device"), "0x1110\n");
        Files.writeString(real.resolve("resource"), "0x00000000fe400000 0x00000000fe7fffff 0x000000000014220c\n");
        Files.createSymbolicLink(real.resolve("driver"), Path.of("../../../bus/pci/drivers/kvmfr"));
        Files.createSymbolicLink(root.resolve("sys/bus/pci/devices/0000:00:02.0"), Path.of("../../../devices/pci0000:00/0000:00:02.0"));
        SysfsMachine m = SysfsMachine.at(root);
        assertThat(m.devices()).singleElement().satisfies(f -> {
            assertThat(f.device().bdf()).isEqualTo("0000:00:02.0");
            assertThat(f.device().driver()).isEqualTo("kvmfr");
        });
    }

    @Test
    void badAddressesAreRejected() throws Exception {
        tree();
        dev("0000:00:02.0");
        dev("00:02.0");
        dev("..");
        dev("0000:00:02.0x");
        dev("0000:00:02.8");
        Files.createDirectories(root.resolve("sys/bus/pci/devices/ABCD:00:02.0"));
        SysfsMachine m = SysfsMachine.at(root);
        assertThat(m.devices()).extracting(f -> f.device().bdf()).containsExactly("0000:00:02.0");
        assertThat(m.warnings()).hasSize(4);
        for (String bad : new String[] {"../../../etc", "0000:00:02.0/../..", "00:02.0", "0000:00:02", "", "0000:00:32.0"}) {
            assertThatThrownBy(() -> m.nodePath(bad, "resource2")).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> m.nodePath("0000:00:02.0", "../../../../etc/shadow")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.nodePath("0000:00:02.0", "resource9")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nodeLinkedOutOfTheRootIsRefused() throws Exception {
        tree();
        Path d = dev("0000:00:02.0");
        Files.createSymbolicLink(d.resolve("resource2"), Path.of("../../../../../../secret"));
        SysfsMachine m = SysfsMachine.at(root);
        assertThatThrownBy(() -> m.nodePath("0000:00:02.0", "resource2")).isInstanceOf(SafeRoot.UncheckedEscape.class);
    }

    @Test
    void driverFileMustHoldAName() throws Exception {
        tree();
        Path d = dev("0000:00:02.0");
        Files.writeString(d.resolve("driver"), "../../../etc/passwd\n");
        SysfsMachine m = SysfsMachine.at(root);
        assertThat(m.devices()).isEmpty();
        assertThat(m.warnings()).singleElement().asString().contains("driver");
    }

    @Test
    void linkLoopsEnd() throws Exception {
        tree();
        Files.createSymbolicLink(root.resolve("proc/a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("proc/b"), Path.of("a"));
        assertThatThrownBy(() -> new SafeRoot(root).resolve("proc/a/x")).isInstanceOf(SafeRoot.EscapeException.class)
                .hasMessageContaining("too many");
    }
}

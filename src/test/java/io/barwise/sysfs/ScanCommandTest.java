package io.barwise.sysfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.barwise.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
    @TempDir Path tmp;

    static String[] run(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Main.run(new PrintWriter(o), new PrintWriter(e), args);
        return new String[] {String.valueOf(code), o.toString(), e.toString()};
    }

    @Test
    void scanDecidesEveryMemoryBarUnderThePolicy() {
        String[] r = run("scan", "--sysfs-root", Fixtures.tree("ivshmem-guest").toString(), "--policies", "policies");
        assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
        assertThat(r[1]).contains("kernel          6.1.0-56-amd64")
                .contains("caller          root                         DEFAULTED")
                .contains("0000:00:02.0 1af4:1110")
                .contains("nodes: resource0 resource2 resource2_wc")
                .contains("BAR2 mem 64-bit prefetchable")
                // the fixture holds a UC- entry on BAR2 already: every node inherits it, so cacheable degrades
                .contains("-> devmem mapped PAT uncached-minus")
                .contains("warning: degraded")
                .contains("policy ivshmem-shared-memory-is-cacheable")
                .contains("0000:00:03.0 1af4:1000")
                .contains("driver virtio-pci")
                .contains("I/O port BAR")
                .contains("denied");
    }

    @Test
    void scanJsonOfTheGpuHost() {
        String[] r = run("scan", "--sysfs-root", Fixtures.tree("gpu-host").toString(), "--policies", "policies", "--format", "json");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("\"kind\" : \"ScanReport\"").contains("\"bdf\" : \"0000:01:00.0\"").contains("\"driver\" : \"nvidia\"")
                .contains("\"decoded\" : [ \"mem\", \"64-bit\", \"prefetchable\" ]").contains("\"decoded\" : [ \"io\" ]")
                .contains("\"iomem\" : \"relaxed\"").contains("\"pat\" : true");
    }

    @Test
    void snapshotThenScanTheSnapshot() throws Exception {
        Path out = tmp.resolve("snap");
        String[] s = run("snapshot", out.toString(), "--sysfs-root", Fixtures.tree("nopat-guest").toString());
        assertThat(s[0]).as(s[1] + s[2]).isEqualTo("0");
        assertThat(s[1]).contains("1 device(s)");
        assertThat(Files.exists(out.resolve("barwise-snapshot.txt"))).isTrue();
        assertThat(Files.readString(out.resolve("barwise-snapshot.json"))).contains("\"kernelRelease\"").contains("\"barwiseVersion\"");
        String[] r = run("scan", "--sysfs-root", out.toString(), "--policies", "policies");
        assertThat(r[1]).contains("pat             false").contains("nodes: resource0 resource2\n");
        String[] again = run("snapshot", out.toString(), "--sysfs-root", Fixtures.tree("nopat-guest").toString());
        assertThat(again[0]).isEqualTo("3");
        assertThat(run("scan", "--sysfs-root", tmp.resolve("missing").toString())[0]).isEqualTo("3");
    }
}

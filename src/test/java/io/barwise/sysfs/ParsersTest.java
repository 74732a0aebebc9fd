package io.barwise.sysfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.barwise.model.Lockdown;
import io.barwise.model.MemType;
import io.barwise.model.MtrrRange;
import io.barwise.model.Reservation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParsersTest {
    @Test
    void mtrr() {
        List<MtrrRange> r = Parsers.mtrr("""
                reg00: base=0x080000000 ( 2048MB), size= 2048MB, count=1: uncachable
                reg01: base=0x0000f0000 (    0MB), size=   64KB, count=1: write-protect
                reg02: base=0x1000000000 (65536MB), size=    4GB, count=1: write-back
                garbage line
                reg03: base=0x0c0000000 ( 3072MB), size=  256MB, count=1: weird
                """);
        assertThat(r).containsExactly(new MtrrRange(0x80000000L, 2048L << 20, MemType.UC), new MtrrRange(0xf0000L, 64L << 10, MemType.WP),
                new MtrrRange(0x1000000000L, 4L << 30, MemType.WB));
    }

    @Test
    void patListBothFormatsEndExclusive() {
        List<Reservation> r = Parsers.patList("""
                PAT memtype list:
                PAT: [mem 0x00000000fe400000-0x00000000fe800000] uncached-minus
                PAT: [mem 0x0000000100000000-0x0000000180000000] write-combining
                write-back @ 0xfe000000-0xfe001000
                PAT: [mem 0x00000000fe000000-0x00000000fe001000] broken
                """);
        assertThat(r).extracting(Reservation::type).containsExactly(MemType.UC_MINUS, MemType.WC, MemType.WB);
        assertThat(r.get(0).end()).isEqualTo(0xfe800000L);
        assertThat(r.get(1).start()).isEqualTo(0x100000000L);
    }

    @Test
    void lockdownCmdlineConfigCpuinfoDmesg() {
        assertThat(Parsers.lockdown("none [integrity] confidentiality\n")).contains(Lockdown.INTEGRITY);
        assertThat(Parsers.lockdown("[none] integrity confidentiality")).contains(Lockdown.NONE);
        assertThat(Parsers.lockdown("nonsense")).isEmpty();
        var c = Parsers.cmdline("BOOT_IMAGE=/v root=/dev/sda nopat iomem=relaxed -- nopat2");
        assertThat(c).containsEntry("nopat", "").containsEntry("iomem", "relaxed").doesNotContainKey("nopat2");
        assertThat(Parsers.kconfig("CONFIG_STRICT_DEVMEM=y\n# CONFIG_IO_STRICT_DEVMEM is not set\n", "CONFIG_IO_STRICT_DEVMEM")).contains(false);
        assertThat(Parsers.kconfig("CONFIG_STRICT_DEVMEM=y\n", "CONFIG_STRICT_DEVMEM")).contains(true);
        assertThat(Parsers.kconfig("", "CONFIG_STRICT_DEVMEM")).isEmpty();
        assertThat(Parsers.cpuinfo("processor : 0\nflags : a b\n\nprocessor : 1\nflags : c\n")).containsEntry("flags", "a b");
        assertThat(Parsers.dmesgPat("[0.0] x86/PAT: Configuration [0-7]: WB  WC  UC- UC  WB  WP  UC- WT  ")).contains(true);
        assertThat(Parsers.dmesgPat("[0.0] x86/PAT: PAT support disabled via boot option.\n[0.0] x86/PAT: Configuration [0-7]: WB  WT  UC- UC  WB  WT  UC- UC  ")).contains(false);
        assertThat(Parsers.dmesgPat("nothing")).isEqualTo(Optional.empty());
        assertThat(Parsers.hexId(Optional.of("0x1af4\n"))).isEqualTo(0x1af4);
        assertThat(Parsers.hexId(Optional.of("zz"))).isEqualTo(-1);
    }

    @Test
    void pciIds() {
        PciIds ids = PciIds.parse("# comment\n1af4  Red Hat, Inc.\n\t1110  Inter-VM shared memory\n\t\t1af4 1100  QEMU\n10de  NVIDIA\nC 00  Unclassified\n");
        assertThat(ids.vendor(0x1af4)).isEqualTo("Red Hat, Inc.");
        assertThat(ids.device(0x1af4, 0x1110)).isEqualTo("Inter-VM shared memory");
        assertThat(ids.device(0x10de, 0x1110)).isNull();
    }
}

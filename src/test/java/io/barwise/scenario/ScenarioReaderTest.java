package io.barwise.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.barwise.model.Bar;
import io.barwise.model.Hypervisor;
import io.barwise.model.InvalidInputException;
import io.barwise.model.MemType;
import io.barwise.model.NodeKind;
import io.barwise.model.Scenario;
import io.barwise.yaml.YamlReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioReaderTest {

    static Scenario read(String yaml) {
        return ScenarioReader.read(YamlReader.parse("s.yaml", yaml));
    }

    static InvalidInputException error(String yaml) {
        try {
            read(yaml);
        } catch (InvalidInputException e) {
            return e;
        }
        throw new AssertionError("expected an error for:\n" + yaml);
    }

    static final String DEVICE = """
            devices:
              - bdf: "0000:00:02.0"
                vendor: 0x1af4
                device: 0x1110
                bars:
                  - {index: 2, start: 0xfe400000, size: 4M, flags: 0x14220c}
            """;

    @Test
    void readsHexSizesAndDefaults() {
        Scenario s = read(DEVICE + "requests:\n  - {device: \"00:02.0\", bar: 2, node: resource2_wc}\n");
        Bar b = s.devices().get(0).bar(2).orElseThrow();
        assertThat(b.end()).isEqualTo(0xfe7fffffL);
        assertThat(b.prefetchable()).isTrue();
        assertThat(s.platform().hypervisor()).isEqualTo(Hypervisor.NONE);
        assertThat(s.requests().get(0).device()).isEqualTo("0000:00:02.0");
        assertThat(s.requests().get(0).node()).isEqualTo(NodeKind.RESOURCE_WC);
    }

    @Test
    void readsTheSysfsResourceText() {
        Scenario s = read("""
                devices:
                  - bdf: 0000:00:02.0
                    vendor: 0x1af4
                    device: 0x1110
                    driver: kvmfr
                    resource: |
                      0x00000000febfe000 0x00000000febfe0ff 0x0000000000040200
                      0x0000000000000000 0x0000000000000000 0x0000000000000000
                      0x00000000fe400000 0x00000000fe7fffff 0x000000000014220c
                requests:
                  - {device: "0000:00:02.0", bar: 2}
                """);
        assertThat(s.devices().get(0).bars()).extracting(Bar::index).containsExactly(0, 2);
        // kvmfr is a driver barwise does not know: its claim is unknown, not busy (issue 16)
        assertThat(s.devices().get(0).bars()).noneMatch(Bar::busy).allMatch(b -> b.claim() == Bar.Claim.UNKNOWN);
    }

    @Test
    void unknownFieldIsLocatedWithASuggestion() {
        InvalidInputException e = error("platform:\n  arch: x86_64\n  hypervizor: kvm-amd\n");
        assertThat(e.location().line()).isEqualTo(3);
        assertThat(e.location().column()).isEqualTo(3);
        assertThat(e.describe()).contains("s.yaml:3:3", "unknown field 'hypervizor'", "did you mean 'hypervisor'?");
    }

    @Test
    void badValuesNameTheFieldPath() {
        InvalidInputException e = error(DEVICE.replace("flags: 0x14220c", "flags: 0xzz"));
        assertThat(e.describe()).contains("s.yaml:6:", "devices[0].bars[0].flags", "must be a number");
        assertThat(error("platform: {hypervisor: qemu}\n").describe()).contains("platform.hypervisor", "kvm-amd");
        assertThat(error("platform: {mtrr: {default: uncached-minus}}\n").describe()).contains("not an MTRR type");
    }

    @Test
    void requestsMustNameDescribedDevicesAndBars() {
        assertThat(error(DEVICE + "requests:\n  - {device: \"0000:00:03.0\", bar: 2}\n").describe())
                .contains("s.yaml:8:14 (requests[0].device)", "no device 0000:00:03.0");
        assertThat(error(DEVICE + "requests:\n  - {device: \"0000:00:02.0\", bar: 1}\n").describe())
                .contains("has no BAR1", "BAR2");
        assertThat(error(DEVICE + "requests:\n  - {device: \"0000:00:02.0\", bar: 2, node: resource0_wc}\n").describe())
                .contains("does not belong to BAR 2");
        assertThat(error(DEVICE + "requests:\n  - {device: \"0000:00:02.0\", bar: 2, node: resource2, intent: cacheable}\n").describe())
                .contains("either node or intent");
    }

    @Test
    void malformedInputIsRefusedCleanly() {
        assertThat(error("devices: [\n").code()).isEqualTo("yaml-syntax");
        assertThat(error("devices:\n  - bdf: 0000:00:02.0\n    bdf: 0000:00:03.0\n").code()).isEqualTo("duplicate-key");
        assertThat(error("devices:\n  - {bdf: \"2.0\", vendor: 1, device: 2}\n").code()).isEqualTo("bad-bdf");
        assertThat(error("devices:\n  - {bdf: \"0000:00:02.0\", vendor: 0x1af4, device: 0x1110, resource: \"0x1 0x2\"}\n").code())
                .isEqualTo("bad-resource");
        assertThat(error("devices:\n  - {bdf: \"0000:00:02.0\", vendor: 0x1af4, device: 0x1110, bars: [{index: 1, start: 0xffffffffffffff00, size: 1K, flags: 0x200}]}\n").code())
                .isEqualTo("out-of-range");
        assertThat(error("reservations:\n  - {start: 0x2000, end: 0x1000, type: write-back}\n").code()).isEqualTo("out-of-range");
    }

    @Test
    void reservationTypesAcceptPatNames() {
        Scenario s = read(DEVICE + "reservations:\n  - {start: 0x1000, size: 4K, type: uncached-minus, owner: drv}\n" + REQUEST);
        assertThat(s.reservations().get(0).type()).isEqualTo(MemType.UC_MINUS);
        assertThat(s.reservations().get(0).end()).isEqualTo(0x2000);
    }

    // ------------------------------------------------------------ scenarios that cannot exist

    static final String REQUEST = "requests:\n  - {device: \"0000:00:02.0\", bar: 2}\n";

    static ScenarioReader.Checked checked(String yaml) {
        return ScenarioReader.check(YamlReader.parse("s.yaml", yaml), ScenarioReader.Use.DECIDE);
    }

    static List<String> warnings(String yaml) {
        return checked(yaml).warnings().stream().map(f -> f.code() + " " + f.describe()).toList();
    }

    @Test
    void aScenarioWithNothingToDecideIsRefused() {
        for (String empty : List.of("", "# only a comment\n", "description: x\n")) {
            InvalidInputException e = error(empty);
            assertThat(e.code()).isEqualTo("no-requests");
            assertThat(e.describe()).contains("s.yaml:1:1 (requests)", "nothing to decide");
            assertThat(e.hint()).isNotBlank();
        }
        assertThat(error(DEVICE).describe()).contains("s.yaml:1:1 (requests)", "has no requests", "not indented under another key");
        assertThat(error(DEVICE + "requests: []\n").describe()).contains("s.yaml:7:1 (requests)", "has no items");
        // the items commented out, or lost to an indentation slip: `requests:` with nothing under it
        assertThat(error(DEVICE + "requests:\n#  - {device: \"0000:00:02.0\", bar: 2}\n").describe()).contains("s.yaml:7:1 (requests)", "has no items");
        // a machine description needs no requests
        assertThat(ScenarioReader.check(YamlReader.parse("m.yaml", DEVICE), ScenarioReader.Use.MACHINE).findings()).isEmpty();
    }

    @Test
    void variableMtrrsAreAPowerOfTwoOfAtLeast4KAlignedToTheirSize() {
        String mtrr = "platform:\n  mtrr:\n    ranges:\n      - {base: %s, size: %s, type: uncachable}\n" + DEVICE + REQUEST;
        InvalidInputException odd = error(mtrr.formatted("0x80000001", "3"));
        assertThat(odd.code()).isEqualTo("mtrr-size");
        assertThat(odd.describe()).contains("s.yaml:4:", "platform.mtrr.ranges[0].size", "not a power of two");
        assertThat(error(mtrr.formatted("0x80000000", "2K")).describe()).contains("below 4 KiB");
        InvalidInputException unaligned = error(mtrr.formatted("0x80001000", "0x2000"));
        assertThat(unaligned.code()).isEqualTo("mtrr-alignment");
        assertThat(unaligned.describe()).contains("platform.mtrr.ranges[0].base", "not aligned", "e.g. 0x80000000");
        assertThat(checked(mtrr.formatted("0x80000000", "2G")).findings()).isEmpty();
        assertThat(checked(mtrr.formatted("0xfee00000", "4K")).findings()).isEmpty();
    }

    @Test
    void theCpusNumberOfVariableMtrrsBoundsTheList() {
        String two = "platform:\n  mtrr:\n    vcnt: %d\n    ranges:\n      - {base: 0x80000000, size: 1G, type: uncachable}\n"
                + "      - {base: 0xc0000000, size: 1G, type: uncachable}\n" + DEVICE + REQUEST;
        assertThat(checked(two.formatted(2)).findings()).isEmpty();
        InvalidInputException e = error(two.formatted(1));
        assertThat(e.code()).isEqualTo("mtrr-count");
        assertThat(e.describe()).contains("s.yaml:6:", "platform.mtrr.ranges[1]", "the CPU has 1 (platform.mtrr.vcnt)");
        assertThat(error(two.formatted(256)).describe()).contains("platform.mtrr.vcnt must be 0 to 255");
    }

    @Test
    void mtrrsExistOnlyOnX86() {
        InvalidInputException e = error("platform:\n  arch: arm64\n  mtrr: {ranges: [{base: 0x80000000, size: 1G, type: uncachable}]}\n" + DEVICE + REQUEST);
        assertThat(e.code()).isEqualTo("mtrr-arch");
        assertThat(e.describe()).contains("s.yaml:3:", "platform.mtrr.ranges", "arm64");
    }

    @Test
    void overlappingMtrrsAreLegalAndOnlyUndefinedPairsWarn() {
        String two = "platform:\n  mtrr:\n    ranges:\n      - {base: 0x80000000, size: 2G, type: write-back}\n      - {base: 0xe0000000, size: 256M, type: %s}\n"
                + DEVICE + REQUEST;
        assertThat(warnings(two.formatted("uncachable"))).isEmpty();
        assertThat(warnings(two.formatted("write-through"))).isEmpty();
        assertThat(warnings(two.formatted("write-back"))).isEmpty();
        assertThat(warnings(two.formatted("write-combining"))).singleElement().asString()
                .contains("mtrr-overlap-undefined", "s.yaml:5:9 (platform.mtrr.ranges[1])", "overlaps the write-back one at s.yaml:4:9", "takes this one as UC");
        // a UC range over the whole overlap defines it
        assertThat(warnings(two.formatted("write-combining").replace("    ranges:\n",
                "    ranges:\n      - {base: 0xe0000000, size: 256M, type: uncachable}\n"))).isEmpty();
        // and over only part of it does not
        assertThat(warnings(two.formatted("write-combining").replace("    ranges:\n",
                "    ranges:\n      - {base: 0xe0000000, size: 128M, type: uncachable}\n"))).hasSize(1);
    }

    @Test
    void memoryBarsOfTwoDevicesMayNotOverlap() {
        String yaml = DEVICE + "  - {bdf: \"0000:00:03.0\", vendor: 0x8086, device: 0x1234, bars: [{index: 0, start: %s, size: 4K, flags: %s}]}\n" + REQUEST;
        InvalidInputException e = error(yaml.formatted("0xfe7ff000", "0x40200"));
        assertThat(e.code()).isEqualTo("bar-overlap");
        assertThat(e.describe()).contains("s.yaml:7:", "devices[1]", "BAR0 of 0000:00:03.0 [0xfe7ff000-0xfe7fffff] overlaps BAR2 of 0000:00:02.0",
                "at s.yaml:6:9");
        assertThat(checked(yaml.formatted("0xfe800000", "0x40200")).findings()).isEmpty();
        // an I/O BAR lives in another address space (that one lies beyond x86's 64 Ki ports, though)
        assertThat(checked(yaml.formatted("0xfe7ff000", "0x40101")).findings()).extracting(Finding::code).containsExactly("io-port-range");
    }

    @Test
    void barsOfOneDeviceMayNotOverlapEither() {
        String yaml = "devices:\n  - {bdf: \"0000:00:02.0\", vendor: 0x1af4, device: 0x1110, bars: [{index: 0, start: 0xfe400000, size: 4K, flags: 0x40200},"
                + " {index: 2, start: 0xfe400000, size: 4M, flags: 0x14220c}]}\n" + REQUEST;
        assertThat(error(yaml).describe()).contains("devices[0].bars[1]", "overlaps BAR0 of 0000:00:02.0");
    }

    @Test
    void unassignedBarsAtZeroOverlapLegallyButRequestsForThemWarn() {
        // the kernel shows a BAR it could not assign at 0 with IORESOURCE_UNSET, so several such BARs overlap at 0
        String yaml = """
                devices:
                  - {bdf: "0000:00:02.0", vendor: 0x1af4, device: 0x1110, bars: [{index: 2, start: 0, size: 4M, flags: 0x2014220c}]}
                  - {bdf: "0000:00:03.0", vendor: 0x8086, device: 0x1234, bars: [{index: 0, start: 0, size: 4K, flags: 0x40200}]}
                requests:
                  - {device: "0000:00:02.0", bar: 2}
                """;
        assertThat(checked(yaml).findings()).noneMatch(Finding::error);
        assertThat(warnings(yaml)).singleElement().asString().contains("unassigned-bar", "s.yaml:5:35 (requests[0].bar)", "IORESOURCE_UNSET");
    }

    @Test
    void addressesLieBelowThePhysicalAddressWidth() {
        String yaml = "platform: {physBits: 39}\ndevices:\n  - {bdf: \"0000:00:02.0\", vendor: 0x1af4, device: 0x1110, bars: [{index: 2, start: %s, size: 4M, flags: 0x14220c}]}\n"
                + REQUEST;
        assertThat(checked(yaml.formatted("0x7fffc00000")).findings()).isEmpty();
        InvalidInputException e = error(yaml.formatted("0x7fffe00000"));
        assertThat(e.code()).isEqualTo("beyond-phys-bits");
        assertThat(e.describe()).contains("s.yaml:3:", "devices[0].bars[0]", "2^39 (platform.physBits)");
        // without physBits, the architecture's largest: 52 bits on x86_64
        assertThat(error(yaml.formatted("0x10000000000000").replace("platform: {physBits: 39}\n", "")).describe()).contains("2^52");
        assertThat(error("platform: {physBits: 60}\n" + DEVICE + REQUEST).describe()).contains("platform.physBits must be 32 to 52");
        assertThat(error("platform: {physBits: 39, mtrr: {ranges: [{base: 0x8000000000, size: 4K, type: uncachable}]}}\n" + DEVICE + REQUEST).code())
                .isEqualTo("beyond-phys-bits");
        assertThat(error("platform: {physBits: 39}\n" + DEVICE + "reservations:\n  - {start: 0x7ffffff000, size: 8K, type: write-back}\n" + REQUEST).code())
                .isEqualTo("beyond-phys-bits");
    }

    @Test
    void x86IoBarsLieBelow64KPorts() {
        String yaml = "devices:\n  - {bdf: \"0000:00:03.0\", vendor: 0x8086, device: 0x100e, bars: [{index: 1, start: %s, end: %s, flags: 0x40101}]}\n"
                + "requests:\n  - {device: \"0000:00:03.0\", bar: 1}\n";
        assertThat(checked(yaml.formatted("0xffc0", "0xffff")).findings()).isEmpty();
        assertThat(error(yaml.formatted("0xffc0", "0x10000")).code()).isEqualTo("io-port-range");
    }

    @Test
    void patEntriesOfDifferentTypesNeverOverlap() {
        String yaml = DEVICE + "reservations:\n  - {start: 0xfe400000, size: 8K, type: uncached-minus, owner: a}\n  - {start: %s, size: 4K, type: %s, owner: b}\n" + REQUEST;
        assertThat(checked(yaml.formatted("0xfe401000", "uncached-minus")).findings()).isEmpty();   // one type: every mapping reserves again
        assertThat(checked(yaml.formatted("0xfe402000", "write-combining")).findings()).isEmpty();  // adjacent, not overlapping
        InvalidInputException e = error(yaml.formatted("0xfe401000", "write-combining"));
        assertThat(e.code()).isEqualTo("reservation-conflict");
        assertThat(e.describe()).contains("s.yaml:9:", "reservations[1]", "overlaps the uncached-minus entry [0xfe400000, 0xfe402000) at s.yaml:8:5");
    }

    @Test
    void barsInTheFixedMtrrMegabyteWarn() {
        String yaml = "devices:\n  - {bdf: \"0000:00:02.0\", vendor: 0x1af4, device: 0x1110, bars: [{index: 0, start: 0xa0000, size: 4K, flags: 0x40200}]}\n"
                + "requests:\n  - {device: \"0000:00:02.0\", bar: 0}\n";
        assertThat(warnings(yaml)).singleElement().asString().contains("fixed-mtrr-region", "devices[0].bars[0]", "first megabyte");
    }
}

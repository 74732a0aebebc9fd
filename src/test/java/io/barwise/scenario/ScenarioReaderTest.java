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
        Scenario s = read("reservations:\n  - {start: 0x1000, size: 4K, type: uncached-minus, owner: drv}\n");
        assertThat(s.reservations().get(0).type()).isEqualTo(MemType.UC_MINUS);
        assertThat(s.reservations().get(0).end()).isEqualTo(0x2000);
    }
}

package io.barwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.barwise.engine.DecisionEngine;
import io.barwise.engine.Report;
import io.barwise.engine.RuleLoopException;
import io.barwise.model.Bar;
import io.barwise.model.Decision;
import io.barwise.model.Device;
import io.barwise.model.Intent;
import io.barwise.model.InvalidInputException;
import io.barwise.model.NodeKind;
import io.barwise.model.Platform;
import io.barwise.model.Request;
import io.barwise.model.Scenario;
import io.barwise.scenario.ScenarioReader;
import io.barwise.yaml.YamlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule sets that loop, huge and hostile inputs, and one engine shared by many threads. */
class LimitsTest {

    static Device ivshmem(int n, long start) {
        String bdf = String.format("%04x:%02x:%02x.0", n >> 13, (n >> 5) & 0xff, n & 0x1f);
        return new Device(bdf, 0x1af4, 0x1110, 0, 0, 0x050000, 1, null, false,
                List.of(new Bar(0, 0xfebfe000L, 0xfebfe0ffL, 0x40200), new Bar(2, start, start + (4 << 20) - 1, 0x14220c)));
    }

    @Test
    void aLoopingUserRuleStopsWithItsName(@TempDir Path dir) throws Exception {
        Path drl = dir.resolve("loop.drl");
        Files.writeString(drl, """
                package site;
                import io.barwise.rules.*;
                rule "site: note forever"
                when
                    $r : MmapRequest( $q : req )
                    $n : Note( req == $q )
                then
                    insert(new Note($q, $n.text() + "!"));
                end
                rule "site: first note"
                when
                    $r : MmapRequest( $q : req )
                    not Note( req == $q )
                then
                    insert(new Note($q, "x"));
                end
                """);
        Device d = ivshmem(2, 0xfe400000L);
        Scenario s = new Scenario(Platform.DEFAULT, List.of(d), List.of(), List.of(Request.node(0, d.bdf(), 2, NodeKind.RESOURCE)));
        assertThatThrownBy(() -> DecisionEngine.create(List.of(), List.of(drl)).decide(s))
                .isInstanceOf(RuleLoopException.class)
                .hasMessageContaining("site: note forever")
                .hasMessageContaining("10000");
    }

    @Test
    void aHundredThousandDevicesAreFine() {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) devices.add(ivshmem(i, 0x100000000L + ((long) i << 22)));
        List<Request> requests = List.of(Request.intent(0, devices.get(7).bdf(), 2, Intent.CACHEABLE),
                Request.node(1, devices.get(99_999).bdf(), 2, NodeKind.RESOURCE_WC));
        Report r = DecisionEngine.builtIn().decide(new Scenario(Platform.DEFAULT, devices, List.of(), requests));
        assertThat(r.decisions()).extracting(Decision::node).containsExactly("devmem", "resource2_wc");
    }

    @Test
    void rangesThatOverflowAreRefusedClearly() {
        String base = """
                devices:
                  - {bdf: "0000:00:02.0", vendor: 0x1af4, device: 0x1110, bars: [%s]}
                requests:
                  - %s
                """;
        InvalidInputException huge = (InvalidInputException) catchThrowable(() -> ScenarioReader.read(YamlReader.parse("h.yaml",
                base.formatted("{index: 2, start: 0, size: 0x8000000000000000, flags: 0x14220c}", "{device: \"0000:00:02.0\", bar: 2}"))));
        assertThat(huge.describe()).contains("h.yaml:2:", "2^62");
        InvalidInputException wrap = (InvalidInputException) catchThrowable(() -> ScenarioReader.read(YamlReader.parse("w.yaml",
                base.formatted("{index: 2, start: 0xfe400000, size: 4M, flags: 0x14220c}",
                        "{device: \"0000:00:02.0\", bar: 2, node: devmem, offset: 0x7ffffffffffff000, length: 0x100000}"))));
        assertThat(wrap.describe()).contains("overflows");
    }

    @Test
    void oneEngineFromEightThreadsGivesTheSerialResults() throws Exception {
        DecisionEngine engine = DecisionEngine.builtIn();
        List<Scenario> scenarios = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Device a = ivshmem(i, 0xfe400000L);
            NodeKind first = NodeKind.values()[i % NodeKind.values().length];
            scenarios.add(new Scenario(i % 3 == 0 ? Platform.DEFAULT.withFeatures(java.util.Set.of(io.barwise.model.Feature.RESOURCE_WB)) : Platform.DEFAULT,
                    List.of(a), List.of(), List.of(Request.node(0, a.bdf(), 2, first),
                    Request.intent(1, a.bdf(), 2, Intent.values()[i % 3]), Request.node(2, a.bdf(), 0, NodeKind.RESOURCE))));
        }
        List<Report> serial = scenarios.stream().map(engine::decide).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Report>> futures = new ArrayList<>();
            for (Scenario s : scenarios) futures.add(pool.submit(() -> engine.decide(s)));
            for (int i = 0; i < scenarios.size(); i++) {
                assertThat(futures.get(i).get().decisions()).as("scenario %d", i).isEqualTo(serial.get(i).decisions());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------ consistency checks at their limits

    static ScenarioReader.Checked check(String yaml) {
        return ScenarioReader.check(YamlReader.parse("l.yaml", yaml), ScenarioReader.Use.DECIDE);
    }

    static List<String> errorCodes(String yaml) {
        return check(yaml).findings().stream().filter(io.barwise.scenario.Finding::error).map(io.barwise.scenario.Finding::code).toList();
    }

    static final String ONE_DEVICE = """
            devices:
              - {bdf: "0000:00:02.0", vendor: 0x1af4, device: 0x1110, bars: [{index: 2, start: 0xfe400000, size: 4M, flags: 0x14220c}]}
            requests:
              - {device: "0000:00:02.0", bar: 2}
            """;

    static String mtrrs(Integer vcnt, int n) {
        StringBuilder y = new StringBuilder("platform:\n  mtrr:\n");
        if (vcnt != null) y.append("    vcnt: ").append(vcnt).append('\n');
        y.append(n == 0 ? "    ranges: []\n" : "    ranges:\n");
        for (int i = 0; i < n; i++) y.append("      - {base: 0x").append(Long.toHexString((1L << 32) + ((long) i << 20))).append(", size: 1M, type: write-back}\n");
        return y + ONE_DEVICE;
    }

    @Test
    void theNumberOfVariableMtrrsIsBoundedExactly() {
        assertThat(errorCodes(mtrrs(null, 255))).isEmpty();
        assertThat(errorCodes(mtrrs(null, 256))).containsExactly("mtrr-count");   // IA32_MTRRCAP.VCNT is 8 bits
        assertThat(errorCodes(mtrrs(8, 8))).isEmpty();
        assertThat(errorCodes(mtrrs(8, 9))).containsExactly("mtrr-count");
        assertThat(errorCodes(mtrrs(0, 0))).isEmpty();
        assertThat(errorCodes(mtrrs(0, 1))).containsExactly("mtrr-count");
        assertThat(check(mtrrs(8, 9)).findings().get(0).location().line()).as("the first range too many").isEqualTo(13);
    }

    @Test
    void mtrrSizeAndAlignmentBoundaries() {
        String one = "platform: {physBits: 52, mtrr: {ranges: [{base: %s, size: %s, type: uncachable}]}}\n" + ONE_DEVICE;
        assertThat(errorCodes(one.formatted("0x1000", "0x1000"))).isEmpty();                    // the smallest: one page
        assertThat(errorCodes(one.formatted("0x800", "0x800"))).containsExactly("mtrr-size");
        assertThat(errorCodes(one.formatted("0", "0x8000000000000"))).isEmpty();                // 2^51 at 0
        assertThat(errorCodes(one.formatted("0x8000000000000", "0x8000000000000"))).isEmpty();  // the top half of 2^52
        assertThat(errorCodes(one.formatted("0x10000000000000", "0x1000"))).containsExactly("beyond-phys-bits");
        assertThat(errorCodes(one.formatted("0xfffffffffffff000", "0x1000"))).containsExactly("beyond-phys-bits");
        assertThat(errorCodes(one.formatted("0x4000000000000", "0x8000000000000"))).containsExactly("mtrr-alignment");
        assertThat(errorCodes(one.formatted("0", "0x7fffffffffffffff"))).containsExactly("mtrr-size");
    }

    @Test
    void physicalAddressWidthBoundaries() {
        String bar = "platform: {physBits: %d}\ndevices:\n  - {bdf: \"0000:00:02.0\", vendor: 0x1af4, device: 0x1110, bars: [{index: 2, start: %s, end: %s, flags: 0x14220c}]}\n"
                + "reservations: [{start: %s, end: %s, type: write-back}]\nrequests:\n  - {device: \"0000:00:02.0\", bar: 2}\n";
        // the last byte below 2^36 is fine for a BAR (end inclusive) and a PAT entry (end exclusive)
        assertThat(errorCodes(bar.formatted(36, "0xfffc00000", "0xfffffffff", "0xfffc00000", "0x1000000000"))).isEmpty();
        assertThat(errorCodes(bar.formatted(36, "0xfffc00000", "0x1000000000", "0xfffc00000", "0x1000000000"))).containsExactly("beyond-phys-bits");
        assertThat(errorCodes(bar.formatted(36, "0xfffc00000", "0xfffffffff", "0xfffc00000", "0x1000001000"))).containsExactly("beyond-phys-bits");
        assertThat(errorCodes(bar.formatted(52, "0xfffffffc00000", "0xfffffffffffff", "0x1000", "0x2000"))).isEmpty();
        assertThat(catchThrowable(() -> check(bar.formatted(31, "0x1000", "0x1fff", "0x1000", "0x2000")))).hasMessageContaining("physBits must be 32 to 52");
        assertThat(catchThrowable(() -> check(bar.formatted(53, "0x1000", "0x1fff", "0x1000", "0x2000")))).hasMessageContaining("physBits must be 32 to 52");
        assertThat(catchThrowable(() -> check(bar.formatted(52, "0x1000", "0x1fff", "0x1000", "0x2000").replace("physBits", "arch: ppc64le, physBits"))))
                .hasMessageContaining("physBits must be 32 to 51 on ppc64le");
    }

    /** 10,000 devices and 10,000 PAT entries (about 1.7 MB of YAML; the parser stops at 3 Mi characters): the overlap checks sort and sweep; one bad pair among them is found and located. */
    @Test
    void overlapChecksOnALargeMachineFindTheOneBadPair() {
        int n = 10_000;
        StringBuilder devices = new StringBuilder("devices:\n");
        StringBuilder reservations = new StringBuilder("reservations:\n");
        for (int i = 0; i < n; i++) {
            long start = (1L << 32) + ((long) i << 22);
            devices.append(String.format("  - {bdf: \"%04x:%02x:%02x.0\", vendor: 0x1af4, device: 0x1110, bars: [{index: 2, start: 0x%x, size: 4M, flags: 0x14220c}]}%n",
                    i >> 13, (i >> 5) & 0xff, i & 0x1f, start));
            // every entry overlaps the next one, all of one type: what many mappings of one range leave behind
            reservations.append(String.format("  - {start: 0x%x, size: 8M, type: uncached-minus}%n", start));
        }
        String requests = "requests:\n  - {device: \"0000:00:00.0\", bar: 2}\n";
        assertThat(check(devices + reservations.toString() + requests).findings()).isEmpty();

        String badBar = "  - {bdf: \"00ff:00:00.0\", vendor: 0x8086, device: 0x1234, bars: [{index: 0, start: 0x100001000, size: 4K, flags: 0x40200}]}\n";
        List<io.barwise.scenario.Finding> f = check(devices + badBar + reservations + requests).findings();
        assertThat(f).extracting(io.barwise.scenario.Finding::code).containsExactly("bar-overlap");
        assertThat(f.get(0).location().line()).isEqualTo(n + 2);
        assertThat(f.get(0).location().field()).isEqualTo("devices[" + n + "].bars[0]");

        String badEntry = "  - {start: 0x" + Long.toHexString((1L << 32) + ((long) (n - 1) << 22)) + ", size: 4K, type: write-combining}\n";
        f = check(devices + reservations.toString() + badEntry + requests).findings();
        assertThat(f).extracting(io.barwise.scenario.Finding::code).containsExactly("reservation-conflict");
        assertThat(f.get(0).location().field()).isEqualTo("reservations[" + n + "]");
    }
}

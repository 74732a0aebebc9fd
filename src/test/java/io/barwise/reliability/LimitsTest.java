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
}

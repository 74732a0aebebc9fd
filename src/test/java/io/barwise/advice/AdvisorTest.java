package io.barwise.advice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.barwise.Barwise;
import io.barwise.cli.Cli;
import io.barwise.engine.Report;
import io.barwise.model.Scenario;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Advice on the ivshmem examples: each change is found by deciding again, and only changes that reach the intent are listed. */
class AdvisorTest {
    static final Barwise BARWISE = Barwise.builder().policies(Path.of("policies")).build();

    static List<List<Advice>> advise(String example) {
        Scenario s = Barwise.readScenario(Path.of("examples/" + example + ".yaml"));
        Report r = BARWISE.decide(s);
        return BARWISE.advise(s, r);
    }

    static List<String> ids(List<Advice> advice) {
        return advice.stream().map(a -> String.join("+", a.changes().stream().map(Advice.Step::id).toList())).toList();
    }

    @Test
    void plainIvshmemOnAmdNeedsTheQuirkOrTheBarAbove4GiB() {
        List<List<Advice>> a = advise("ivshmem-plain");
        // BAR2 degrades to resource2_wc: the seed's quirk gives resource2 WB; above 4 GiB no uncachable MTRR, so /dev/mem is WB.
        assertThat(ids(a.get(0))).containsExactly("ivshmem-quirk", "bar-above-4g");
        // an Intel host makes the memory WB but leaves WC page attributes: that does not reach the intent
        assertThat(ids(a.get(0))).doesNotContain("intel-host", "resource-wb");
        assertThat(a.get(0).get(0).decision().node()).isEqualTo("resource2");
        assertThat(a.get(0).get(1).decision().node()).isEqualTo("devmem");
        assertThat(a.get(0).get(0).cost()).contains("patched kernel");
        // the two requests that got what they asked for have no advice
        assertThat(a.get(1)).isEmpty();
        assertThat(a.get(2)).isEmpty();
    }

    @Test
    void doorbellOnIntelIsDegradedOnlyInItsPageAttributes() {
        List<List<Advice>> a = advise("ivshmem-doorbell");
        assertThat(ids(a.get(0))).containsExactly("ivshmem-quirk", "bar-above-4g");
        // BAR1 has no _wc node whatever changes: nothing helps, and the advice says so by being empty
        assertThat(a.get(2)).isEmpty();
    }

    @Test
    void aConflictingEarlierMappingIsNamed() {
        List<List<Advice>> a = advise("ivshmem-resource-wb-kernel");
        // #2 resource2 is refused EINVAL because request #1 holds a write-back entry on the BAR
        assertThat(ids(a.get(2))).contains("no-other-mapper");
        Advice none = a.get(2).stream().filter(x -> x.changes().get(0).id().equals("no-other-mapper")).findFirst().orElseThrow();
        assertThat(none.what()).contains("earlier requests on BAR2");
        assertThat(none.decision().granted()).isTrue();
    }

    @Test
    void lockdownAndDriversAreNamedWithTheirCost() {
        assertThat(ids(advise("lockdown-host").get(1))).containsExactly("lockdown-off");
        List<Advice> gpu = advise("gpu-large-bar").get(0);
        assertThat(ids(gpu)).containsExactly("driver-unbound");
        assertThat(gpu.get(0).what()).contains("echo 0000:01:00.0 > /sys/bus/pci/drivers/nvidia/unbind");
        assertThat(gpu.get(0).cost()).contains("stops working");
    }

    @Test
    void explainShowsAdviceAndJsonCarriesIt() throws Exception {
        Cli t = Cli.run("eval", "--explain", "--policies", "policies", "examples/ivshmem-plain.yaml");
        assertThat(t.out()).contains("advice: to get what the intent asks for, any one of:")
                .contains("- a kernel with the seed RFC's ivshmem quirk: resource2, WB in effect")
                .contains("cost: needs a patched kernel");
        assertThat(Cli.run("eval", "--policies", "policies", "examples/ivshmem-plain.yaml").out()).doesNotContain("advice");
        Cli j = Cli.run("eval", "--explain", "--format", "json", "--policies", "policies", "examples/ivshmem-plain.yaml");
        JsonNode first = new ObjectMapper().readTree(j.out()).get("scenarios").get(0).get("decisions").get(0).get("advice");
        assertThat(first).hasSize(2);
        assertThat(first.get(0).get("changes").get(0).get("id").asText()).isEqualTo("ivshmem-quirk");
        assertThat(first.get(0).get("node").asText()).isEqualTo("resource2");
        assertThat(first.get(0).get("effective").asText()).isEqualTo("WB");
    }
}

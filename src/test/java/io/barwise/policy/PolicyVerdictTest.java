package io.barwise.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.barwise.model.Bar;
import io.barwise.model.Device;
import io.barwise.model.Intent;
import io.barwise.model.NodeKind;
import io.barwise.model.Platform;
import io.barwise.model.Request;
import io.barwise.yaml.YamlReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyVerdictTest {
    static final List<PolicyRule> RULES = PolicyReader.read(YamlReader.parse("p.yaml", """
            policies:
              - {name: deny-busy, priority: 100, match: bar.busy, decision: deny}
              - {name: allow-vfio, priority: 100, match: "device.driver == 'vfio-pci'", decision: allow}
              - {name: wc, priority: 20, match: bar.prefetchable, intent: write-combine}
              - {name: uc, priority: 10, match: "true", intent: uncached}
              - {name: no-devmem, match: "true", forbid: devmem}
            """));

    static PolicyContext ctx(boolean busy, Request r) {
        Device d = new Device("0000:00:02.0", 0x1234, 1, 0, 0, 0xff0000, 0, "vfio-pci", false,
                List.of(new Bar(2, 0xd0000000L, 0xd00fffffL, 0x14220c, busy, false, Bar.Backing.AUTO)));
        return new PolicyContext(new Views.DeviceView(d), new Views.BarView(d.bars().get(0)), new Views.PlatformView(Platform.DEFAULT),
                new Views.RequestView(r));
    }

    @Test
    void rolesFollowPriorityAndDenyWins() {
        var v = PolicyVerdict.explain(RULES, ctx(true, new Request(0, "0000:00:02.0", 2, null, null, 0, null, null, true, true)));
        assertThat(v.get(0).role()).isEqualTo("denies the request");
        assertThat(v.get(1).role()).isEqualTo("its allow is overridden by deny-busy (deny, priority 100)");
        assertThat(v.get(2).role()).isEqualTo("sets the intent write-combine");
        assertThat(v.get(3).role()).isEqualTo("its intent is overridden by wc (priority 20)");
        assertThat(v.get(4).role()).isEqualTo("forbids devmem");
        assertThat(v).allMatch(PolicyVerdict::relevant);
    }

    @Test
    void intentRulesAreIrrelevantToARequestNamingANode() {
        var v = PolicyVerdict.explain(RULES, ctx(false, Request.node(0, "0000:00:02.0", 2, NodeKind.RESOURCE_WC)));
        assertThat(v).extracting(PolicyVerdict::relevant).containsExactly(true, true, false, false, true);
        assertThat(v.get(0).matched()).isFalse();
        assertThat(v.get(0).failedCondition()).isEqualTo("bar.busy");
        assertThat(v.get(0).observed()).isEqualTo("bar.busy=false");
        assertThat(v.get(0).conditionLocation().line()).isEqualTo(2);
        var w = PolicyVerdict.explain(RULES, ctx(false, Request.intent(0, "0000:00:02.0", 2, Intent.CACHEABLE)));
        assertThat(w.get(2).relevant()).isFalse();
    }
}

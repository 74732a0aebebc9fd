package io.barwise.reference.bench;

import io.barwise.model.Scenario;
import io.barwise.reference.ScenarioGenerator;
import java.util.ArrayList;
import java.util.List;

/** The benchmark input: independent one-request scenarios, mixed platforms, devices, nodes and intents. */
final class Batch {
    static final long SEED = 0xBE4C4L;
    static final int SIZE = 10_000;

    private Batch() {}

    static List<Scenario> scenarios(int n) {
        ScenarioGenerator g = new ScenarioGenerator(SEED);
        List<Scenario> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(g.singleRequest(i));
        return List.copyOf(out);
    }
}

package io.barwise.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barwise.Barwise;
import io.barwise.model.Scenario;
import io.barwise.output.ReportDocument;
import io.barwise.reference.ScenarioGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the JSON report of every bench scenario (the 10,000 one-request scenarios of bin/bench,
 * seed 0xBE4C4), decided with the built-in rules and again under the shipped site policy, one
 * line per scenario. {@link SameBytesTest} runs it in separate JVMs and compares the files.
 * Usage: {@code BatchJson OUT THREADS} (THREADS 1 decides one by one, more with decideAll).
 */
public final class BatchJson {
    static final long SEED = 0xBE4C4L;
    static final int SIZE = 10_000;

    private BatchJson() {}

    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]), Integer.parseInt(args[1]));
    }

    static List<Scenario> scenarios() {
        ScenarioGenerator g = new ScenarioGenerator(SEED);
        List<Scenario> out = new ArrayList<>(SIZE);
        for (int i = 0; i < SIZE; i++) out.add(g.singleRequest(i));
        return out;
    }

    static void write(Path out, int threads) throws IOException {
        List<Scenario> scenarios = scenarios();
        ObjectMapper json = new ObjectMapper();
        try (Writer w = Files.newBufferedWriter(out)) {
            for (Barwise b : List.of(Barwise.builtIn(), Barwise.builder().policies(Path.of("policies")).build())) {
                var reports = threads == 1 ? scenarios.stream().map(b::decide).toList() : b.decideAll(scenarios, threads);
                for (int i = 0; i < reports.size(); i++) {
                    w.write(json.writeValueAsString(ReportDocument.eval(List.of(new ReportDocument.Evaluated("bench #" + i, reports.get(i), null)))));
                    w.write('\n');
                }
            }
        }
    }
}

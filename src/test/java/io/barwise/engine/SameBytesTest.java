package io.barwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.definition.rule.Rule;

/**
 * Same input, same bytes out: the 10,000 bench scenarios give byte-identical JSON in two separate
 * JVMs (identity hash codes, Map.of's iteration order and thread timing all differ between them),
 * one deciding one scenario at a time, the other with {@code decideAll} on 8 threads.
 */
class SameBytesTest {

    @Test
    void tenThousandScenariosGiveTheSameJsonInTwoJvms(@TempDir Path dir) throws Exception {
        Path serial = run(dir.resolve("serial.jsonl"), 1);
        Path parallel = run(dir.resolve("parallel.jsonl"), 8);
        List<String> a = Files.readAllLines(serial);
        List<String> b = Files.readAllLines(parallel);
        assertThat(a).hasSize(2 * BatchJson.SIZE);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) differences.add("line " + (i + 1) + ":\n  " + a.get(i) + "\n  " + b.get(i));
        }
        assertThat(differences).as("reports that differ between the two JVMs (first 3 of %d)", differences.size())
                .isEmpty();
        assertThat(Files.mismatch(serial, parallel)).isEqualTo(-1L);
    }

    /** Equal salience is broken by rule name: the rule base's load order is the names' order. */
    @Test
    void equalSalienceFiresInRuleNameOrder() {
        List<Rule> rules = RuleBases.builtIn().getKiePackages().stream().flatMap(p -> p.getRules().stream())
                .sorted(Comparator.comparingInt(Rule::getLoadOrder)).toList();
        assertThat(rules).extracting(Rule::getName).isSorted();
    }

    private static Path run(Path out, int threads) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                BatchJson.class.getName(), out.toString(), String.valueOf(threads))
                .redirectErrorStream(true).redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile()).start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("the JVM deciding the batch finished").isTrue();
        assertThat(p.exitValue()).as("exit of the batch JVM; its output: %s",
                Files.readString(out.resolveSibling(out.getFileName() + ".log"))).isZero();
        return out;
    }
}

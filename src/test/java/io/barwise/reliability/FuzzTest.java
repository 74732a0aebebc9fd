package io.barwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.barwise.authoring.TestFile;
import io.barwise.cli.Main;
import io.barwise.model.InvalidInputException;
import io.barwise.policy.PolicyReader;
import io.barwise.sysfs.ResourceFile;
import io.barwise.yaml.YamlReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of the front doors: scenario, policy and test files, sysfs resource texts, MVEL
 * conditions and DRL. Every input must end in a decision or a located invalid-input error (exit 3);
 * never an uncaught exception, a stack trace or a hang. Seeded, so a failure replays; the count
 * of inputs tried is printed. {@code -Dbarwise.fuzz.count=N} sets the number of YAML mutants.
 */
class FuzzTest {
    static final long SEED = Long.getLong("barwise.fuzz.seed", 0xBA5E_F00DL);
    static final int COUNT = Integer.getInteger("barwise.fuzz.count", 1500);
    static final ExecutorService WATCHDOG = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz");
        t.setDaemon(true);
        return t;
    });
    static final String[] TOKENS = {"0x", "-1", "0xffffffffffffffff", "null", "~", "[", "]", "{", "}", ":", "- ", "'", "\"", "\t",
        "&a", "*a", "!!binary", "---", "#", "\\u0000", "9999999999999999999999", "1e308", "true", "resource2_wc", "devmem",
        "write-back", "uncached-minus", "kvm-intel", "x86_64", "6.12", "bar.index == 2", "Runtime.getRuntime()", "${x}", "\n  "};

    @AfterAll
    static void stop() { WATCHDOG.shutdownNow(); }

    static String mutate(String text, SplittableRandom rnd) {
        StringBuilder s = new StringBuilder(text);
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits && !s.isEmpty(); e++) {
            int at = rnd.nextInt(s.length());
            switch (rnd.nextInt(6)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, TOKENS[rnd.nextInt(TOKENS.length)]);
                case 2 -> s.setCharAt(at, (char) (32 + rnd.nextInt(95)));
                case 3 -> { // duplicate a line
                    int ls = s.lastIndexOf("\n", at) + 1;
                    int le = s.indexOf("\n", at);
                    if (le > ls) s.insert(ls, s.substring(ls, le + 1));
                }
                case 4 -> { // delete a line
                    int ls = s.lastIndexOf("\n", at) + 1;
                    int le = s.indexOf("\n", at);
                    if (le > ls) s.delete(ls, le + 1);
                }
                default -> { // replace a number with an extreme one
                    String[] extremes = {"0", "-1", "0x7fffffffffffffff", "0x8000000000000000", "99999999999999999999", "6"};
                    s.insert(at, extremes[rnd.nextInt(extremes.length)]);
                }
            }
        }
        return s.toString();
    }

    /** Runs the CLI on a file with a time limit; returns a problem, or null when the run ended properly. */
    static String runCli(Path file, String... args) throws Exception {
        Future<String> f = WATCHDOG.submit(() -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            String[] full = Stream.concat(Stream.of(args), Stream.of(file.toString())).toArray(String[]::new);
            int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), full);
            String e = err.toString();
            String all = out + e; // check prints its diagnostics on stdout
            if (code == 1 || e.contains("internal error") || all.contains("Exception") || all.contains("\tat ")) {
                return "exit " + code + ": " + e.strip();
            }
            if (code == 3 && !all.contains(file.getFileName().toString())) return "exit 3 without the file's name: " + all.strip();
            return null;
        });
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException t) {
            f.cancel(true);
            return "hang (more than 60 s)";
        }
    }

    @Test
    void mutatedScenarioPolicyAndTestFiles(@TempDir Path dir) throws Exception {
        List<Path> seeds = new ArrayList<>();
        try (Stream<Path> s = Stream.of("examples", "policies", "src/test/resources/conformance").map(Path::of).flatMap(FuzzTest::yamlUnder)) {
            s.forEach(seeds::add);
        }
        SplittableRandom rnd = new SplittableRandom(SEED);
        List<String> problems = new ArrayList<>();
        int tried = 0;
        for (int i = 0; i < COUNT; i++) {
            Path seed = seeds.get(rnd.nextInt(seeds.size()));
            Path f = dir.resolve("m" + i + "-" + seed.getFileName());
            Files.writeString(f, mutate(Files.readString(seed), rnd));
            String where = seed.toString();
            String problem;
            if (where.startsWith("policies")) problem = runCli(f, "check", "--no-analysis");
            else if (where.contains("conformance")) problem = readsCleanly(f);
            else problem = runCli(f, "eval", "--format", "json");
            tried++;
            if (problem != null) problems.add(f.getFileName() + " (from " + where + "): " + problem + "\n---\n" + Files.readString(f));
            if (problems.size() >= 5) break;
        }
        System.out.println("fuzz: " + tried + " mutated YAML inputs (seed 0x" + Long.toHexString(SEED) + "), " + problems.size() + " problem(s)");
        assertThat(problems).isEmpty();
    }

    /** Conformance cases are test files: read them as barwise test does, every problem located in the file. */
    static String readsCleanly(Path f) {
        try {
            List<InvalidInputException> problems = new ArrayList<>();
            TestFile.read(f, problems);
            for (InvalidInputException e : problems) {
                if (!e.location().file().equals(f.toString())) return "error located in " + e.location().file();
            }
            return null;
        } catch (InvalidInputException e) {
            return e.location().file().equals(f.toString()) ? null : "error located in " + e.location().file();
        } catch (RuntimeException e) {
            return "uncaught " + e;
        }
    }

    static Stream<Path> yamlUnder(Path dir) {
        try {
            return Files.walk(dir).filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void mutatedResourceTexts() {
        String base = """
                0x00000000febfe000 0x00000000febfe0ff 0x0000000000040200
                0x0000000000000000 0x0000000000000000 0x0000000000000000
                0x00000000fe400000 0x00000000fe7fffff 0x000000000014220c
                """;
        SplittableRandom rnd = new SplittableRandom(SEED + 1);
        int tried = 0;
        for (int i = 0; i < 20_000; i++) {
            String t = mutate(base, rnd);
            try {
                ResourceFile.parse(t);
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).as(t).contains("resource line");
            }
            tried++;
        }
        System.out.println("fuzz: " + tried + " mutated sysfs resource texts");
    }

    @Test
    void randomMvelConditions() {
        String[] parts = {"device.vendor", "bar.index", "bar.size", "platform.arch", "request.node", "==", "!=", ">", "&&", "||", "!",
            "(", ")", "0x1af4", "2", "'x86_64'", "null", "true", "contains", "device.driver", ".length()", "bar.prefetchable",
            "Runtime", "getClass()", "=", ";", "new", "java.lang.System", "{", "@", "+", "*", "platform.features"};
        SplittableRandom rnd = new SplittableRandom(SEED + 2);
        int tried = 0;
        for (int i = 0; i < 3_000; i++) {
            StringBuilder e = new StringBuilder();
            for (int k = 0, n = 1 + rnd.nextInt(7); k < n; k++) e.append(parts[rnd.nextInt(parts.length)]).append(' ');
            String yaml = "policies:\n  - name: fuzz\n    match: '" + e.toString().replace("'", "''") + "'\n    intent: cacheable\n";
            try {
                PolicyReader.read(YamlReader.parse("fuzz.yaml", yaml));
            } catch (InvalidInputException x) {
                assertThat(x.location().file()).isEqualTo("fuzz.yaml");
                assertThat(x.location().line()).as(e.toString()).isEqualTo(3);
            }
            tried++;
        }
        System.out.println("fuzz: " + tried + " random MVEL conditions");
    }

    @Test
    void mutatedDrl(@TempDir Path dir) throws Exception {
        String drl = Files.readString(Path.of("src/test/resources/drl/site-never-bar0.drl"));
        SplittableRandom rnd = new SplittableRandom(SEED + 3);
        List<String> problems = new ArrayList<>();
        int tried = 0;
        for (int i = 0; i < 12; i++) {
            Path f = dir.resolve("m" + i + ".drl");
            Files.writeString(f, mutate(drl, rnd));
            String p = runCli(f, "eval", "--policies", "policies", "examples/ivshmem-plain.yaml", "--rules");
            if (p != null) problems.add(f + ": " + p + "\n" + Files.readString(f));
            tried++;
        }
        System.out.println("fuzz: " + tried + " mutated DRL files");
        assertThat(problems).isEmpty();
    }
}

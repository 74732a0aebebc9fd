package io.barwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.barwise.authoring.TestFile;
import io.barwise.cli.Main;
import io.barwise.model.InvalidInputException;
import io.barwise.model.MemType;
import io.barwise.policy.PolicyReader;
import io.barwise.scenario.Finding;
import io.barwise.scenario.ScenarioReader;
import io.barwise.sysfs.ResourceFile;
import io.barwise.yaml.YamlReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
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

    // ------------------------------------------------------------ machines that cannot exist

    /** A random small machine as YAML, and what a plain reading of the hardware and kernel rules expects of it. */
    record RandomMachine(String yaml, Set<String> errors, boolean undefinedMtrrOverlap) {}

    static final MemType[] MTRR_TYPES = {MemType.UC, MemType.WC, MemType.WT, MemType.WP, MemType.WB};

    static RandomMachine randomMachine(SplittableRandom rnd) {
        StringBuilder y = new StringBuilder("platform:\n");
        Set<String> errors = new TreeSet<>();
        Integer physBits = rnd.nextInt(3) == 0 ? null : 36 + rnd.nextInt(5);
        long limit = 1L << (physBits == null ? 52 : physBits);
        if (physBits != null) y.append("  physBits: ").append(physBits).append('\n');
        Integer vcnt = rnd.nextBoolean() ? null : rnd.nextInt(9);
        y.append("  mtrr:\n    default: uncachable\n");
        if (vcnt != null) y.append("    vcnt: ").append(vcnt).append('\n');
        long[] badSizes = {3, 2048, 0x3000, 1L << 36};
        long[] badBases = {0x1000, 0x80001000L, 1L << 39};
        int nRanges = rnd.nextInt(5);
        y.append(nRanges == 0 ? "    ranges: []\n" : "    ranges:\n");
        List<long[]> valid = new ArrayList<>();
        List<MemType> validTypes = new ArrayList<>();
        for (int i = 0; i < nRanges; i++) {
            long size = rnd.nextInt(12) == 0 ? badSizes[rnd.nextInt(badSizes.length)] : 1L << (20 + rnd.nextInt(11));
            long unit = Math.max(size, 4096);
            long base = rnd.nextInt(12) == 0 ? badBases[rnd.nextInt(badBases.length)] : unit * rnd.nextInt((int) Math.max(1, (4L << 30) / unit));
            MemType t = MTRR_TYPES[rnd.nextInt(MTRR_TYPES.length)];
            y.append("      - {base: 0x").append(Long.toHexString(base)).append(", size: 0x").append(Long.toHexString(size))
                    .append(", type: ").append(t.mtrrName()).append("}\n");
            if (Long.bitCount(size) != 1 || size < 4096) errors.add("mtrr-size");
            else if (base % size != 0) errors.add("mtrr-alignment");
            else if (base + size > limit) errors.add("beyond-phys-bits");
            else {
                valid.add(new long[] {base, base + size});
                validTypes.add(t);
            }
        }
        if (nRanges > (vcnt == null ? 255 : vcnt)) errors.add("mtrr-count");
        // Undefined where the set of types of the ranges holding an address is none of: one type, with UC, {WT, WB}.
        TreeSet<Long> cuts = new TreeSet<>();
        valid.forEach(r -> { cuts.add(r[0]); cuts.add(r[1]); });
        boolean undefined = false;
        for (long c : cuts) {
            Set<MemType> at = EnumSet.noneOf(MemType.class);
            for (int i = 0; i < valid.size(); i++) if (valid.get(i)[0] <= c && c < valid.get(i)[1]) at.add(validTypes.get(i));
            undefined |= at.size() > 1 && !at.contains(MemType.UC) && !at.equals(EnumSet.of(MemType.WT, MemType.WB));
        }
        // Devices: assigned BARs on a small grid so that some overlap; some unassigned (at 0, IORESOURCE_UNSET); some very high.
        y.append("devices:\n");
        List<long[]> assigned = new ArrayList<>();
        int nDevices = 1 + rnd.nextInt(4);
        for (int d = 0; d < nDevices; d++) {
            y.append("  - {bdf: \"0000:0").append(d + 1).append(":00.0\", vendor: 0x8086, device: 0x1234, bars: [");
            for (int b = 0, n = 1 + rnd.nextInt(2); b < n; b++) {
                long size = new long[] {4096, 1 << 20, 2 << 20}[rnd.nextInt(3)];
                int kind = rnd.nextInt(20);
                long start = kind == 0 ? 0 : kind == 1 ? (1L << 40) + ((long) rnd.nextInt(4) << 20) : 0xf0000000L + ((long) rnd.nextInt(128) << 20);
                long flags = kind == 0 && rnd.nextBoolean() ? 0x20040200L : 0x40200L;
                y.append(b == 0 ? "" : ", ").append("{index: ").append(b * 2).append(", start: 0x").append(Long.toHexString(start))
                        .append(", size: 0x").append(Long.toHexString(size)).append(", flags: 0x").append(Long.toHexString(flags)).append('}');
                if (start == 0) continue;
                if (start + size > limit) errors.add("beyond-phys-bits");
                for (long[] o : assigned) if (start < o[1] && o[0] < start + size) errors.add("bar-overlap");
                assigned.add(new long[] {start, start + size});
            }
            y.append("]}\n");
        }
        // PAT entries: overlapping ones of one type are normal, of two types impossible.
        int nRes = rnd.nextInt(5);
        y.append(nRes == 0 ? "reservations: []\n" : "reservations:\n");
        List<long[]> entries = new ArrayList<>();
        List<MemType> entryTypes = new ArrayList<>();
        MemType[] pat = MemType.values();
        for (int i = 0; i < nRes; i++) {
            long start = rnd.nextInt(20) == 0 ? 1L << 40 : 0xfe000000L + ((long) rnd.nextInt(64) << 12);
            long size = new long[] {4096, 8192, 1 << 16}[rnd.nextInt(3)];
            MemType t = rnd.nextInt(3) > 0 ? MemType.UC_MINUS : pat[rnd.nextInt(pat.length)];
            y.append("  - {start: 0x").append(Long.toHexString(start)).append(", size: 0x").append(Long.toHexString(size))
                    .append(", type: ").append(t.patName()).append("}\n");
            if (start + size > limit) errors.add("beyond-phys-bits");
            for (int j = 0; j < entries.size(); j++) {
                if (entryTypes.get(j) != t && start < entries.get(j)[1] && entries.get(j)[0] < start + size) errors.add("reservation-conflict");
            }
            entries.add(new long[] {start, start + size});
            entryTypes.add(t);
        }
        y.append("requests:\n  - {device: \"0000:01:00.0\", bar: 0}\n");
        return new RandomMachine(y.toString(), errors, undefined);
    }

    @Test
    void randomMachinesAreRefusedExactlyWhenTheyCannotExist() {
        SplittableRandom rnd = new SplittableRandom(SEED + 4);
        List<String> problems = new ArrayList<>();
        int impossible = 0;
        int n = 3_000;
        for (int i = 0; i < n && problems.size() < 5; i++) {
            RandomMachine m = randomMachine(rnd);
            ScenarioReader.Checked c = ScenarioReader.check(YamlReader.parse("r.yaml", m.yaml()), ScenarioReader.Use.DECIDE);
            Set<String> got = new TreeSet<>();
            c.findings().stream().filter(Finding::error).forEach(f -> got.add(f.code()));
            boolean undefined = c.warnings().stream().anyMatch(f -> f.code().equals("mtrr-overlap-undefined"));
            if (!got.equals(m.errors()) || undefined != m.undefinedMtrrOverlap()) {
                problems.add("expected " + m.errors() + (m.undefinedMtrrOverlap() ? " and an undefined-overlap warning" : "") + ", got " + c.findings() + "\n" + m.yaml());
            }
            for (Finding f : c.findings()) {
                if (f.location().line() < 1 || f.location().field().isEmpty() || f.hint() == null) problems.add("not located: " + f + "\n" + m.yaml());
            }
            if (!m.errors().isEmpty()) impossible++;
        }
        System.out.println("fuzz: " + n + " random machines, " + impossible + " of them impossible");
        assertThat(problems).isEmpty();
        assertThat(impossible).as("the generator makes both kinds").isBetween(n / 5, n - n / 5);
    }

    @Test
    void anImpossibleMachineGetsExit3AndNoDecision(@TempDir Path dir) throws Exception {
        SplittableRandom rnd = new SplittableRandom(SEED + 5);
        int tried = 0;
        while (tried < 12) {
            RandomMachine m = randomMachine(rnd);
            if (m.errors().isEmpty()) continue;
            Path f = dir.resolve("impossible" + tried++ + ".yaml");
            Files.writeString(f, m.yaml());
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            // a good file first: nothing at all is decided when any file cannot be used
            int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "eval", "examples/ivshmem-plain.yaml", f.toString());
            assertThat(code).as(m.yaml()).isEqualTo(3);
            assertThat(out.toString()).as("no decision printed").isEmpty();
            assertThat(err.toString()).as(m.yaml()).containsPattern(java.util.regex.Pattern.quote(f.toString()) + ":\\d+:\\d+ \\([a-zA-Z.\\[\\]0-9]+\\): ");
            // barwise test: a test whose scenario cannot exist is invalid input, not a failed or passed test
            Path t = dir.resolve("impossible" + tried + ".test.yaml");
            Files.writeString(t, "tests:\n  - name: t\n    scenario: " + f.getFileName() + "\n    expect:\n      - {request: 0, outcome: mapped}\n");
            out.getBuffer().setLength(0);
            assertThat(Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "test", t.toString())).as(m.yaml()).isEqualTo(3);
            assertThat(out.toString()).contains(f.toString() + ":").doesNotContain("PASS").contains("0 passed, 0 failed");
            // barwise check lists every error, each with its code
            out.getBuffer().setLength(0);
            assertThat(Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "check", "--no-analysis", f.toString())).isEqualTo(3);
            for (String e : m.errors()) assertThat(out.toString()).as(m.yaml()).contains("error [" + e + "]");
        }
        System.out.println("fuzz: " + tried + " impossible machines through eval, test and check");
    }

    @Test
    void aMachineWithNoPciDevicesIsStillScanned() {
        StringWriter out = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "scan", "--sysfs-root", "src/test/resources/sysfs/empty");
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("no PCI devices");
    }
}

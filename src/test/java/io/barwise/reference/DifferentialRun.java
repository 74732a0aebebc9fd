package io.barwise.reference;

import io.barwise.engine.DecisionEngine;
import io.barwise.model.Decision;
import io.barwise.model.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the engine and the reference model over {@code count} generated scenarios and summarises
 * agreement, known disagreements ({@link KnownDisagreements}) and new ones (shrunk). Used by
 * {@link DifferentialTest} and, through {@link #main}, by {@code bin/diff-test}.
 */
final class DifferentialRun {

    static final int MAX_REPORTED = 4;

    final long seed;
    final long first;
    final long count;
    final int threads;

    long scenarios;
    long requests;
    long agreedScenarios;
    double seconds;
    final Map<String, Long> known = new TreeMap<>();
    final Map<String, String> knownExample = new TreeMap<>();
    final Map<String, Differential.Mismatch> fresh = new LinkedHashMap<>();
    final Map<String, Long> freshCount = new TreeMap<>();
    final Map<String, Long> freshIndex = new TreeMap<>();
    /** How often each (node, outcome) pair of the reference model was checked: shows what the generator covers. */
    final Map<String, Long> coverage = new TreeMap<>();

    DifferentialRun(long seed, long first, long count, int threads) {
        this.seed = seed;
        this.first = first;
        this.count = count;
        this.threads = threads;
    }

    static DifferentialRun fromSystemProperties(long defaultCount) {
        return new DifferentialRun(Long.getLong("barwise.diff.seed", 0x5EEDBA2L), Long.getLong("barwise.diff.first", 0L),
                Long.getLong("barwise.diff.count", defaultCount),
                Integer.getInteger("barwise.diff.threads", Runtime.getRuntime().availableProcessors()));
    }

    DifferentialRun run() throws InterruptedException {
        DecisionEngine engine = DecisionEngine.builtIn();
        ReferenceModel model = new ReferenceModel();
        Differential diff = new Differential(engine, model);
        ScenarioGenerator gen = new ScenarioGenerator(seed);
        long t0 = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int tid = t;
            workers.add(Thread.ofPlatform().name("diff-" + t).start(() -> {
                long reqs = 0;
                long agreed = 0;
                Map<String, Long> cov = new TreeMap<>();
                for (long i = first + tid; i < first + count; i += threads) {
                    Scenario s = gen.scenario(i);
                    reqs += s.requests().size();
                    Differential.Mismatch m;
                    try {
                        m = diff.compare(s);
                    } catch (RuntimeException e) { // the reference model itself failed: always new
                        m = new Differential.Mismatch(s, 0, List.of(), null, null, "reference model threw " + e, null);
                    }
                    if (m == null) {
                        agreed++;
                        for (Decision d : model.decide(s).decisions()) {
                            String what = d.request().intent() != null ? d.request().intent().id() + " -> " + nodeKind(d) : nodeKind(d);
                            cov.merge(what + " " + d.outcome().id() + (d.errno() == null ? "" : " " + d.errno()), 1L, Long::sum);
                        }
                        continue;
                    }
                    String k = KnownDisagreements.classify(m);
                    synchronized (this) {
                        if (k != null) {
                            known.merge(k, 1L, Long::sum);
                            knownExample.putIfAbsent(k, "seed " + seed + " index " + i);
                            continue;
                        }
                        String sig = m.signature();
                        freshCount.merge(sig, 1L, Long::sum);
                        if (!fresh.containsKey(sig) && fresh.size() < MAX_REPORTED) {
                            fresh.put(sig, m);
                            freshIndex.put(sig, i);
                        }
                    }
                }
                synchronized (this) {
                    requests += reqs;
                    agreedScenarios += agreed;
                    cov.forEach((k, v) -> coverage.merge(k, v, Long::sum));
                }
            }));
        }
        for (Thread w : workers) w.join();
        seconds = (System.nanoTime() - t0) / 1e9;
        scenarios = count;
        // shrink the new ones for the report
        fresh.replaceAll((sig, m) -> diff.shrink(m));
        return this;
    }

    private static String nodeKind(Decision d) {
        return d.node() == null ? "-" : d.node().replaceAll("resource\\d", "resourceN");
    }

    long knownTotal() { return known.values().stream().mapToLong(Long::longValue).sum(); }

    long freshTotal() { return freshCount.values().stream().mapToLong(Long::longValue).sum(); }

    String summary(boolean withCoverage) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("differential: %d scenarios (%d requests) checked against the Drools engine in %.1f s: %.0f scenarios/s, %.0f requests/s, %d thread(s); seed %d, first index %d%n",
                scenarios, requests, seconds, scenarios / seconds, requests / seconds, threads, seed, first));
        sb.append(String.format("differential: %d agree on every request, %d with a known disagreement, %d with a NEW disagreement%n",
                agreedScenarios, knownTotal(), freshTotal()));
        known.forEach((k, n) -> sb.append(String.format("  known %-34s %9d scenarios (e.g. %s)%n", k, n, knownExample.get(k))));
        freshCount.forEach((k, n) -> sb.append(String.format("  NEW   %-34s %9d scenarios (first: seed %d index %s)%n", k, n, seed,
                freshIndex.containsKey(k) ? String.valueOf(freshIndex.get(k)) : "(not kept)")));
        if (withCoverage) {
            sb.append("coverage of agreeing decisions ([intent ->] node outcome errno: count):\n");
            coverage.forEach((k, n) -> sb.append(String.format("  %-44s %9d%n", k, n)));
        }
        return sb.toString();
    }

    String freshReport() {
        StringBuilder sb = new StringBuilder();
        if (fresh.isEmpty()) return "";
        sb.append("NEW disagreements between the engine and the reference model (shrunk):\n");
        for (var e : fresh.entrySet()) {
            sb.append("\n=== ").append(e.getKey()).append(": ").append(freshCount.get(e.getKey()))
                    .append(" scenario(s); first: seed ").append(seed).append(" index ").append(freshIndex.get(e.getKey())).append('\n');
            sb.append(e.getValue().describe());
            sb.append("--- minimal scenario ---\n").append(ScenarioText.of(e.getValue().scenario()));
        }
        return sb.toString();
    }

    /** {@code DifferentialRun [count [threads [seed [first]]]]}; exits 1 on a new disagreement. */
    public static void main(String[] args) throws Exception {
        long count = args.length > 0 ? Long.parseLong(args[0].replace("_", "").replace(",", "")) : 100_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        long seed = args.length > 2 ? Long.decode(args[2]) : 0x5EEDBA2L;
        long first = args.length > 3 ? Long.parseLong(args[3]) : 0;
        DifferentialRun r = new DifferentialRun(seed, first, count, threads).run();
        System.out.print(r.summary(true));
        System.out.print(r.freshReport());
        System.exit(r.freshTotal() == 0 ? 0 : 1);
    }
}

package io.barwise.serve;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters and a latency histogram per endpoint, written in the Prometheus text exposition format. */
final class Metrics {
    /** Upper bounds of the latency buckets, in seconds. */
    static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private record Key(String path, int status) {}

    private static final class Histogram {
        final LongAdder[] counts = new LongAdder[BUCKETS.length];
        final LongAdder count = new LongAdder();
        final LongAdder sumNanos = new LongAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) counts[i] = new LongAdder();
        }

        void observe(long nanos) {
            double s = nanos / 1e9;
            for (int i = 0; i < BUCKETS.length; i++) if (s <= BUCKETS[i]) counts[i].increment();
            count.increment();
            sumNanos.add(nanos);
        }
    }

    private final Map<Key, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final LongAdder decisions = new LongAdder();

    void record(String path, int status, long nanos) {
        requests.computeIfAbsent(new Key(path, status), k -> new LongAdder()).increment();
        latency.computeIfAbsent(path, k -> new Histogram()).observe(nanos);
        if (status >= 400) errors.computeIfAbsent(path, k -> new LongAdder()).increment();
    }

    String text(PolicySet policies, long inFlight) {
        StringBuilder sb = new StringBuilder();
        sb.append("# HELP barwise_requests_total HTTP requests by endpoint and status code.\n# TYPE barwise_requests_total counter\n");
        requests.entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(Key::path).thenComparingInt(Key::status)))
                .forEach(e -> sb.append("barwise_requests_total{path=\"").append(e.getKey().path()).append("\",code=\"")
                        .append(e.getKey().status()).append("\"} ").append(e.getValue().sum()).append('\n'));
        sb.append("# HELP barwise_request_errors_total Requests answered with a 4xx or 5xx status.\n# TYPE barwise_request_errors_total counter\n");
        errors.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append("barwise_request_errors_total{path=\"").append(e.getKey()).append("\"} ").append(e.getValue().sum()).append('\n'));
        sb.append("# HELP barwise_request_duration_seconds Time from request to answer.\n# TYPE barwise_request_duration_seconds histogram\n");
        latency.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Histogram h = e.getValue();
            for (int i = 0; i < BUCKETS.length; i++) {
                sb.append("barwise_request_duration_seconds_bucket{path=\"").append(e.getKey()).append("\",le=\"").append(java.math.BigDecimal.valueOf(BUCKETS[i]).stripTrailingZeros().toPlainString())
                        .append("\"} ").append(h.counts[i].sum()).append('\n');
            }
            sb.append("barwise_request_duration_seconds_bucket{path=\"").append(e.getKey()).append("\",le=\"+Inf\"} ").append(h.count.sum()).append('\n');
            sb.append("barwise_request_duration_seconds_sum{path=\"").append(e.getKey()).append("\"} ").append(h.sumNanos.sum() / 1e9).append('\n');
            sb.append("barwise_request_duration_seconds_count{path=\"").append(e.getKey()).append("\"} ").append(h.count.sum()).append('\n');
        });
        sb.append("# HELP barwise_decisions_total Requests of scenarios decided.\n# TYPE barwise_decisions_total counter\n");
        sb.append("barwise_decisions_total ").append(decisions.sum()).append('\n');
        sb.append("# HELP barwise_requests_in_flight Requests being answered now.\n# TYPE barwise_requests_in_flight gauge\n");
        sb.append("barwise_requests_in_flight ").append(inFlight).append('\n');
        sb.append("# HELP barwise_policy_generation How many times the policies in force were loaded.\n# TYPE barwise_policy_generation gauge\n");
        sb.append("barwise_policy_generation ").append(policies.current().generation()).append('\n');
        sb.append("# HELP barwise_policy_reloads_total Policy reloads, accepted or refused.\n# TYPE barwise_policy_reloads_total counter\n");
        sb.append("barwise_policy_reloads_total{result=\"ok\"} ").append(policies.reloadsOk.sum()).append('\n');
        sb.append("barwise_policy_reloads_total{result=\"refused\"} ").append(policies.reloadsRefused.sum()).append('\n');
        return sb.toString();
    }
}

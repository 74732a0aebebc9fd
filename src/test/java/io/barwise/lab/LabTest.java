package io.barwise.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.barwise.engine.DecisionEngine;
import io.barwise.mapper.Verification;
import io.barwise.mapper.Verification.Check;
import io.barwise.mapper.Verification.Observed;
import io.barwise.model.Decision;
import io.barwise.model.Errno;
import io.barwise.model.MemType;
import io.barwise.model.NodeKind;
import io.barwise.model.Prot;
import io.barwise.model.Request;
import io.barwise.sysfs.PciFunction;
import io.barwise.sysfs.SysfsMachine;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real-kernel lab: per kernel and boot option set, boot ONE QEMU guest with ivshmem-plain
 * (lab/boot.sh), run barwise inside it (the host's JDK and classes over the 9p root): a snapshot,
 * then every mapping scenario of a plan in one JVM ({@code barwise lab-run}). On the host, predict
 * each step from the snapshot with the engine and compare: node presence, outcome (mapped or
 * errno), PAT memtype. Also the data path: a host marker read through every node, guest pokes seen
 * in the backing file. Reports under target/lab/. Skipped (with the reason) when QEMU or the guest
 * kernels are missing; run with {@code mvn verify -Plab} after {@code lab/setup.sh}; select boots with
 * {@code -Dbarwise.lab.only=REGEX} (or BARWISE_LAB_ONLY) matched against e.g. {@code debian-6.1-nopat}.
 */
@Tag("lab")
class LabTest {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final Path CACHE = Path.of(System.getenv().getOrDefault("BARWISE_LAB_CACHE", "/var/cache/barwise-lab"));
    static final Path OUT = REPO.resolve("target/lab");
    static final long MARKER = 0x6b72616d74736f68L; // "hostmark" little-endian
    static final int PAGE = 4096;

    /** Called by each test, so that every skipped boot is reported as skipped with the reason (a @BeforeAll skip shows as no test at all). */
    static void harness() {
        skipUnless(onPath("qemu-system-x86_64"), "qemu-system-x86_64 is not installed: run lab/setup.sh (lab tests skipped)");
        skipUnless(Files.isExecutable(REPO.resolve("lab/boot.sh")), "lab/boot.sh is missing from this tree (lab tests skipped)");
        String why = qemuRuns();
        skipUnless(why == null, "qemu-system-x86_64 cannot run here: " + why + " (lab tests skipped)");
        skipUnless(Files.isDirectory(Path.of("/dev/shm")) && Files.isWritable(Path.of("/dev/shm")), "/dev/shm is not writable (lab tests skipped)");
    }

    /** Null if QEMU runs and offers TCG ({@code -accel help}), else what went wrong. */
    static String qemuRuns() {
        try {
            Process p = new ProcessBuilder("qemu-system-x86_64", "-accel", "help").redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "'qemu-system-x86_64 -accel help' did not return in 30 s";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) return "'qemu-system-x86_64 -accel help' exit " + p.exitValue() + ": " + out;
            return out.contains("tcg") ? null : "no TCG accelerator (" + out.replace('\n', ' ') + ")";
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "debian-6.1  | default   | ''                 | 4M",
            "debian-6.1  | nopat     | nopat              | 4M",
            "debian-6.1  | lockdown  | lockdown=integrity | 4M",
            "debian-6.1  | above-4G  | ''                 | 2G",
            "debian-6.12 | default   | ''                 | 4M",
            "debian-6.12 | nopat     | nopat              | 4M",
            "debian-6.12 | lockdown  | lockdown=integrity | 4M",
            "debian-6.12 | above-4G  | ''                 | 2G",
            // Minimal 6.12 kernels built by lab/kernel/build.sh: pristine, with the seed's quirk
            // (patch 0001), with resourceN_wb (patch 0002); a BAR under the uncachable MTRR and one above 4 GiB.
            "tiny-stock  | default   | ''                 | 4M",
            "tiny-stock  | above-4G  | ''                 | 2G",
            "tiny-quirk  | default   | ''                 | 4M",
            "tiny-quirk  | above-4G  | ''                 | 2G",
            "tiny-wb     | default   | ''                 | 4M",
            "tiny-wb     | above-4G  | ''                 | 2G"})
    void guestMatchesPrediction(String kernel, String name, String append, String shm) throws Exception {
        harness();
        String only = System.getProperty("barwise.lab.only", System.getenv("BARWISE_LAB_ONLY"));
        skipUnless(only == null || only.isBlank() || (kernel + "-" + name).matches(only),
                "not selected by barwise.lab.only / BARWISE_LAB_ONLY=" + only);
        Path kdir;
        String bootKernel;
        if (kernel.startsWith("tiny-")) {
            Path bz = builtKernel(kernel.substring("tiny-".length()));
            kdir = bz.getParent();
            bootKernel = bz.toString();
        } else {
            kdir = CACHE.resolve("kernels").resolve(kernel);
            skipUnless(Files.exists(kdir.resolve("vmlinuz")), "guest kernel " + kernel + " is not in " + CACHE + "/kernels: run lab/setup.sh");
            bootKernel = kernel;
        }
        long size = shm.endsWith("G") ? Long.parseLong(shm.replace("G", "")) << 30 : Long.parseLong(shm.replace("M", "")) << 20;
        Path out = OUT.resolve(kernel + "-" + name);
        deleteTree(out);
        Files.createDirectories(out);

        List<Map<String, Object>> scenarios = plan(size);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(out.resolve("plan.json").toFile(), Map.of("vendor", "0x1af4", "device", "0x1110", "scenarios", scenarios));
        boolean mapCli = name.equals("default");
        Files.writeString(out.resolve("guest.sh"), guestScript(mapCli), StandardCharsets.UTF_8);

        Path shmFile = Files.createTempFile(Path.of("/dev/shm"), "barwise-labtest-", ".shm");
        try {
            try (RandomAccessFile f = new RandomAccessFile(shmFile.toFile(), "rw")) {
                f.setLength(size);
                f.seek(0);
                f.write(le(MARKER));
            }
            List<String> cmd = List.of(REPO.resolve("lab/boot.sh").toString(), "--kernel", bootKernel, "--append", append, "--shm", shm,
                    "--shm-file", shmFile.toString(), "--run", out.resolve("guest.sh").toString(), "--out", out.toString(), "--timeout", "600",
                    "--share", REPO.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolve("boot.log").toFile()).start();
            assertThat(p.waitFor(660, TimeUnit.SECONDS)).as("boot.sh finished").isTrue();
            int rc = p.exitValue();
            assertThat(Files.exists(out.resolve("results.json")))
                    .as("guest wrote results.json (boot.sh rc %d; %s; see %s/console.log)", rc, Files.readString(out.resolve("boot.log")).strip(), out)
                    .isTrue();

            @SuppressWarnings("unchecked")
            Map<String, Object> results = json.readValue(out.resolve("results.json").toFile(), Map.class);
            assertThat(results).as("guest error").doesNotContainKey("error");
            Path snap = out.resolve("snapshot");
            addKernelConfig(snap, kdir);
            List<Row> rows = compare(SysfsMachine.at(snap), scenarios, results, shmFile, size);
            String report = report(kernel, name, append, shm, out, rows);
            Files.writeString(out.resolve("report.txt"), report);
            if (mapCli) {
                String verify = Files.exists(out.resolve("map-verify.json")) ? Files.readString(out.resolve("map-verify.json")) : "";
                String mrc = Files.exists(out.resolve("map-verify.rc")) ? Files.readString(out.resolve("map-verify.rc")).trim() : "none";
                boolean ok = mrc.equals("0") && verify.contains(String.format("0x%016x", MARKER)) && !verify.contains("\"ok\" : false");
                rows.add(new Row("barwise map --verify (CLI, decides in the guest)", "resource2_wc read 0:64", "yes", "yes",
                        "exit 0", "exit " + mrc, "write-combining", verify.contains("\"memtype\" : \"write-combining\"") ? "write-combining" : "?",
                        ok, "see map-verify.json"));
                report = report(kernel, name, append, shm, out, rows);
                Files.writeString(out.resolve("report.txt"), report);
            }
            System.out.println(report);
            List<Row> bad = rows.stream().filter(r -> !r.ok).toList();
            assertThat(bad).as("predicted vs observed mismatches, see " + out.resolve("report.txt") + "\n" + report).isEmpty();
        } finally {
            Files.deleteIfExists(shmFile);
        }
    }

    // ------------------------------------------------------------------ plan

    static List<Map<String, Object>> plan(long size) {
        List<Map<String, Object>> s = new ArrayList<>();
        s.add(scenario("resource2 held", step(2, "resource2", 0, null, true)));
        s.add(scenario("resource2_wc held", step(2, "resource2_wc", 0, null, true)));
        s.add(scenario("resource2 then resource2_wc, both held", step(2, "resource2", 0, null, true), step(2, "resource2_wc", 0, null, true)));
        s.add(scenario("resource2_wc then resource2, both held", step(2, "resource2_wc", 0, null, true), step(2, "resource2", 0, null, true)));
        s.add(scenario("resource2_wb held (only on the resource-wb kernel)", step(2, "resource2_wb", 0, null, true)));
        s.add(scenario("resource2_wb then resource2, both held", step(2, "resource2_wb", 0, null, true), step(2, "resource2", 0, null, true)));
        s.add(scenario("resource2 then resource2_wb, both held", step(2, "resource2", 0, null, true), step(2, "resource2_wb", 0, null, true)));
        s.add(scenario("resource2_wb then resource2_wc, both held", step(2, "resource2_wb", 0, null, true), step(2, "resource2_wc", 0, null, true)));
        s.add(scenario("devmem then resource2_wb, both held", step(2, "devmem", 0, null, true), step(2, "resource2_wb", 0, null, true)));
        s.add(scenario("resource0 one page (256-byte BAR)", step(0, "resource0", 0, (long) PAGE, true)));
        s.add(scenario("resource0 two pages", step(0, "resource0", 0, 2L * PAGE, true)));
        s.add(scenario("resource0_wc (BAR0 not prefetchable)", step(0, "resource0_wc", 0, (long) PAGE, true)));
        s.add(scenario("resource2 second page only", step(2, "resource2", PAGE, (long) PAGE, true)));
        s.add(scenario("resource2 offset at BAR end", step(2, "resource2", size, (long) PAGE, true)));
        s.add(scenario("resource2 length one page past BAR", step(2, "resource2", 0, size + PAGE, true)));
        s.add(scenario("resource2 unaligned offset", step(2, "resource2", 100, (long) PAGE, true)));
        s.add(scenario("devmem (no O_SYNC)", step(2, "devmem", 0, null, true)));
        s.add(scenario("devmem-sync (O_SYNC)", step(2, "devmem-sync", 0, null, true)));
        s.add(scenario("resource2 then devmem, both held", step(2, "resource2", 0, null, true), step(2, "devmem", 0, null, true)));
        s.add(scenario("devmem then resource2, both held", step(2, "devmem", 0, null, true), step(2, "resource2", 0, null, true)));
        s.add(scenario("devmem then resource2_wc, both held", step(2, "devmem", 0, null, true), step(2, "resource2_wc", 0, null, true)));
        s.add(scenario("devmem then devmem-sync, both held", step(2, "devmem", 0, null, true), step(2, "devmem-sync", 0, null, true)));
        s.add(scenario("devmem-sync then devmem, both held", step(2, "devmem-sync", 0, null, true), step(2, "devmem", 0, null, true)));
        s.add(scenario("resource0 256 bytes (rounded to a page)", step(0, "resource0", 0, 256L, true)));
        // data path: read the host marker at 0, poke a value at page k; each mapping released before the next
        String[] nodes = {"resource2", "resource2_wc", "devmem", "devmem-sync", "resource2_wb"};
        for (int k = 0; k < nodes.length; k++) {
            Map<String, Object> st = step(2, nodes[k], 0, 8L * PAGE, false);
            st.put("write", true);
            st.put("reads", List.of("0:64"));
            st.put("pokes", List.of(String.format("0x%x:64=0x%x", (k + 1) * PAGE, poke(k))));
            s.add(scenario("data " + nodes[k], st));
        }
        return s;
    }

    static long poke(int k) { return 0x6b6f7065747367L + ((long) k << 56); } // "gstepok" + node number

    @SafeVarargs
    static Map<String, Object> scenario(String name, Map<String, Object>... steps) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("steps", List.of(steps));
        return m;
    }

    static Map<String, Object> step(int bar, String node, long offset, Long length, boolean hold) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bar", bar);
        m.put("node", node);
        m.put("offset", offset);
        m.put("length", length);
        m.put("hold", hold);
        return m;
    }

    static String guestScript(boolean mapCli) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String jar = REPO.resolve("target/barwise.jar").toString();
        String classpath = Stream.of(cp.split(":")).filter(e -> !e.contains("surefire") && (!e.startsWith("/tmp") || e.startsWith(REPO.toString()))).reduce((a, b) -> a + ":" + b)
                .orElse(jar);
        String barwise = "'" + java + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto --enable-native-access=ALL-UNNAMED"
                + " -cp '" + classpath + "' io.barwise.cli.Main";
        String script = "#!/bin/sh\n"
                + "# run by lab/boot.sh inside the guest, chrooted into the host root\n"
                + "cd /tmp\n"
                + "echo \"labtest: lab-run starts\"\n"
                + barwise + " lab-run \"$LAB_OUT/plan.json\" \"$LAB_OUT/results.json\" --snapshot \"$LAB_OUT/snapshot\"\n"
                + "rc=$?\n"
                + "echo \"labtest: lab-run exit $rc\"\n";
        if (mapCli) {
            // the user-facing command once per kernel: decide (Drools in the guest) + map + verify
            script += "for d in /sys/bus/pci/devices/*; do\n"
                    + "  if [ \"$(cat $d/vendor)\" = 0x1af4 ] && [ \"$(cat $d/device)\" = 0x1110 ]; then bdf=${d##*/}; fi\n"
                    + "done\n"
                    + "echo \"labtest: barwise map $bdf starts\"\n"
                    + barwise + " map \"$bdf\" 2 --node resource2_wc --read 0:64 --verify --format json > \"$LAB_OUT/map-verify.json\"\n"
                    + "echo $? > \"$LAB_OUT/map-verify.rc\"\n"
                    + "echo \"labtest: barwise map exit $(cat $LAB_OUT/map-verify.rc)\"\n";
        }
        return script + "exit $rc\n";
    }

    /** The guest kernel's config is in the lab cache, not in the chroot's /boot: put it where a snapshot keeps it. */
    /**
     * The bzImage of a lab/kernel variant. build.sh returns the cached image at once, or builds it
     * (minutes; .ci/run builds all three before the lab runs).
     */
    static Path builtKernel(String variant) throws Exception {
        Path script = REPO.resolve("lab/kernel/build.sh");
        skipUnless(Files.isExecutable(script), "lab/kernel/build.sh is missing (lab tests skipped)");
        Process p = new ProcessBuilder(script.toString(), variant).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        skipUnless(p.waitFor(120, TimeUnit.MINUTES) && p.exitValue() == 0, "lab/kernel/build.sh " + variant + " failed (exit "
                + p.exitValue() + "); run it by hand to see why");
        Path bz = Path.of(out.substring(out.lastIndexOf('\n') + 1));
        skipUnless(Files.exists(bz), "lab/kernel/build.sh " + variant + " printed no bzImage path");
        return bz;
    }

    /** The guest kernel's config, so the snapshot says what STRICT_DEVMEM and friends are. */
    static void addKernelConfig(Path snap, Path kdir) throws IOException {
        Path release = snap.resolve("proc/sys/kernel/osrelease");
        if (!Files.exists(release)) return;
        String r = Files.readString(release).trim();
        Path cfg = Files.exists(kdir.resolve("config")) ? kdir.resolve("config") : kdir.resolve("pkg/boot/config-" + r);
        Path dst = snap.resolve("boot/config-" + r);
        if (Files.exists(cfg) && !Files.exists(dst)) {
            Files.createDirectories(dst.getParent());
            Files.copy(cfg, dst);
        }
    }

    // ------------------------------------------------------------------ compare

    /** One compared step: the predicted and observed node presence, outcome and memtype. */
    record Row(String scenario, String step, String predictedNode, String observedNode, String predicted, String observed,
               String predictedType, String observedType, boolean ok, String note) {}

    @SuppressWarnings("unchecked")
    static List<Row> compare(SysfsMachine snap, List<Map<String, Object>> scenarios, Map<String, Object> results, Path shmFile, long size)
            throws IOException {
        String bdf = (String) results.get("bdf");
        PciFunction fn = snap.device(bdf).orElseThrow(() -> new AssertionError("snapshot has no " + bdf));
        DecisionEngine engine = DecisionEngine.builtIn();
        boolean patActive = snap.platform().platform().patActive();
        List<Row> rows = new ArrayList<>();
        List<Object> observedScenarios = (List<Object>) results.get("scenarios");
        for (int i = 0; i < scenarios.size(); i++) {
            Map<String, Object> plan = scenarios.get(i);
            Map<String, Object> obs = (Map<String, Object>) observedScenarios.get(i);
            List<Map<String, Object>> steps = (List<Map<String, Object>>) plan.get("steps");
            List<Map<String, Object>> seen = (List<Map<String, Object>>) obs.get("steps");
            List<Request> requests = new ArrayList<>();
            for (int j = 0; j < steps.size(); j++) {
                Map<String, Object> st = steps.get(j);
                int bar = ((Number) st.get("bar")).intValue();
                requests.add(new Request(j, bdf, bar, NodeKind.parse((String) st.get("node"), bar), null, ((Number) st.get("offset")).longValue(),
                        st.get("length") == null ? null : ((Number) st.get("length")).longValue(),
                        Boolean.TRUE.equals(st.get("write")) ? Prot.READ_WRITE : Prot.READ, true, !Boolean.FALSE.equals(st.get("hold"))));
            }
            List<Decision> decisions = engine.decide(snap.scenario(requests)).decisions();
            for (int j = 0; j < steps.size(); j++) {
                Decision d = decisions.get(j);
                Map<String, Object> o = seen.get(j);
                String node = (String) o.get("node");
                boolean predictedPresent = d.errno() != Errno.ENOENT;
                boolean observedPresent = Boolean.TRUE.equals(o.get("exists"));
                Observed ob = Boolean.TRUE.equals(o.get("mapped"))
                        ? new Observed(true, null, null, o.get("memtype") == null ? null : MemType.parse((String) o.get("memtype")),
                                Boolean.TRUE.equals(o.get("patReadable")), (List<String>) o.get("patEntries"))
                        : new Observed(false, o.get("errno") == null ? "error: " + o.get("error") : (String) o.get("errno"), (String) o.get("stage"), null, false, List.of());
                List<Check> checks = Verification.compare(d, ob, patActive);
                boolean ok = Verification.allOk(checks) && predictedPresent == observedPresent;
                String note = checks.stream().map(Check::note).filter(x -> x != null).reduce((a, b) -> a + "; " + b).orElse("");
                // data path
                List<String> accesses = (List<String>) o.getOrDefault("accesses", List.of());
                Map<String, Object> st = steps.get(j);
                if (st.containsKey("reads") && ob.mapped()) {
                    String want = String.format("read  0x0/64 = 0x%016x", MARKER);
                    boolean read = accesses.contains(want);
                    String poke = ((List<String>) st.get("pokes")).get(0);
                    long off = Long.decode(poke.substring(0, poke.indexOf(':')));
                    long val = Long.decode(poke.substring(poke.indexOf('=') + 1));
                    long got = readLe(shmFile, off);
                    boolean wrote = got == val;
                    ok &= read && wrote;
                    note += (note.isEmpty() ? "" : "; ") + "host marker " + (read ? "read" : "NOT read (" + accesses + ")")
                            + ", guest poke " + (wrote ? "seen by host" : String.format("NOT seen (file has 0x%x)", got));
                }
                rows.add(new Row((String) obs.get("name"), node + (d.request().offset() != 0 ? " +" + hex(d.request().offset()) : "")
                        + (d.request().length() != null ? " len " + hex(d.request().length()) : ""),
                        predictedPresent ? "yes" : "no", observedPresent ? "yes" : "no",
                        checks.get(0).predicted(), checks.get(0).observed(),
                        checks.size() > 1 ? checks.get(1).predicted() : d.memtype() == null ? "-" : d.memtype().patName(),
                        checks.size() > 1 ? checks.get(1).observed() : ob.memtypeText(), ok, note));
            }
        }
        assertThat(fn.device().vendor()).isEqualTo(0x1af4);
        return rows;
    }

    static String report(String kernel, String name, String append, String shm, Path out, List<Row> rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        String release = Files.exists(out.resolve("snapshot/proc/sys/kernel/osrelease"))
                ? Files.readString(out.resolve("snapshot/proc/sys/kernel/osrelease")).trim() : "?";
        String secs = Files.exists(out.resolve("seconds")) ? Files.readString(out.resolve("seconds")).trim() : "?";
        sb.append(String.format("lab %s (%s) %s, append '%s', ivshmem %s, guest %s s%n", kernel, release, name, append, shm, secs));
        sb.append(String.format("%-42s %-26s %-5s %-8s %-8s %-16s %-16s %s%n", "scenario", "step", "node", "predict", "observe",
                "PAT predicted", "PAT observed", "result"));
        for (Row r : rows) {
            sb.append(String.format("%-42s %-26s %-5s %-8s %-8s %-16s %-16s %s%s%n", r.scenario, r.step,
                    r.predictedNode.equals(r.observedNode) ? r.observedNode : r.predictedNode + "/" + r.observedNode,
                    r.predicted, r.observed, r.predictedType, r.observedType, r.ok ? "OK" : "MISMATCH",
                    r.note.isEmpty() ? "" : "  " + r.note));
        }
        long bad = rows.stream().filter(r -> !r.ok).count();
        sb.append(String.format("%d passed, %d failed%n", rows.size() - bad, bad));
        return sb.toString();
    }

    // ------------------------------------------------------------------ helpers

    static String hex(long v) { return "0x" + Long.toHexString(v); }

    static byte[] le(long v) { return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array(); }

    static long readLe(Path f, long off) throws IOException {
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "r")) {
            byte[] b = new byte[8];
            r.seek(off);
            r.readFully(b);
            return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }
    }

    /** assumeTrue that also says why on stdout, where a CI log shows it. */
    static void skipUnless(boolean ok, String why) {
        if (!ok) System.out.println("lab: SKIPPED: " + why);
        assumeTrue(ok, why);
    }

    static boolean onPath(String cmd) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, cmd))) return true;
        }
        return false;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}

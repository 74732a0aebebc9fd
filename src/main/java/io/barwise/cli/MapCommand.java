package io.barwise.cli;

import io.barwise.Barwise;
import io.barwise.mapper.Access;
import io.barwise.mapper.BarMapping;
import io.barwise.mapper.MappingException;
import io.barwise.mapper.MappingRevokedException;
import io.barwise.mapper.MmapFailedException;
import io.barwise.mapper.Verification;
import io.barwise.mapper.Verification.Check;
import io.barwise.mapper.Verification.Observed;
import io.barwise.model.Decision;
import io.barwise.model.Intent;
import io.barwise.model.InvalidInputException;
import io.barwise.model.NodeKind;
import io.barwise.model.Outcome;
import io.barwise.model.Prot;
import io.barwise.model.Request;
import io.barwise.model.Reservation;
import io.barwise.model.SourceLocation;
import io.barwise.output.Contract;
import io.barwise.output.MapDocument;
import io.barwise.sysfs.MachineSource;
import io.barwise.sysfs.PciFunction;
import io.barwise.sysfs.SysfsMachine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code barwise map BDF BAR}: decide, then really open and mmap the chosen node, access it, unmap. */
@Command(name = "map", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Decide how to map BAR of device BDF on this machine, then do it: open the chosen node",
                "(read-only unless --write), mmap it MAP_SHARED for the decided length, do the accesses in order",
                "(--read, --poke, --dump; offsets count from the start of the mapping), hold it, unmap.",
                "A predicted refusal or policy denial is not attempted unless --verify or --force.",
                "--verify compares the errno or the PAT entry the mapping added with the prediction."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:mapped (and verified, with --verify)", "1:internal error", "2:refused, denied, revoked, or a --verify mismatch",
                "3:invalid BDF, BAR, option or policy"})
final class MapCommand implements Callable<Integer> {

    enum Format { table, json }

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BDF", description = "PCI address DDDD:BB:DD.F, e.g. 0000:00:02.0.")
    String bdf;

    @Parameters(index = "1", paramLabel = "BAR", description = "BAR index 0-5.")
    int bar;

    @Option(names = "--node", paramLabel = "NODE", description = "resourceN, resourceN_wc, resourceN_wb, devmem or devmem-sync.")
    String node;

    @Option(names = "--intent", paramLabel = "INTENT", description = "cacheable, write-combine or uncached (default: the site policy's intent).")
    String intent;

    @Option(names = "--offset", paramLabel = "N", description = "Byte offset into the BAR, page-aligned (default 0).")
    String offset = "0";

    @Option(names = "--length", paramLabel = "N", description = "Bytes to map (default: the BAR rounded up to pages, from the offset).")
    String length;

    @Option(names = "--write", description = "Open read-write and map PROT_WRITE (needed by --poke).")
    boolean write;

    @Option(names = "--read", paramLabel = "OFF:WIDTH", description = "Read WIDTH bits (8/16/32/64, little-endian) at OFF (repeatable).")
    List<String> reads = new ArrayList<>();

    @Option(names = "--poke", paramLabel = "OFF:WIDTH=VALUE", description = "Write VALUE as WIDTH bits at OFF (repeatable; needs --write).")
    List<String> pokes = new ArrayList<>();

    @Option(names = "--dump", paramLabel = "OFF:LEN", description = "Hex-dump LEN bytes at OFF, like xxd.")
    String dump;

    @Option(names = "--hold", paramLabel = "SECONDS", description = "Keep the mapping this long before unmapping.")
    double hold;

    @Option(names = "--verify", description = "Compare the prediction with the kernel's errno or PAT entry; exit 2 on mismatch.")
    boolean verify;

    @Option(names = "--policies", paramLabel = "PATH", description = "Policy files or directories (repeatable; default: shipped policies/).")
    List<Path> policies = new ArrayList<>();

    @Option(names = "--sysfs-root", paramLabel = "DIR", description = "Root to read /sys, /proc and /dev from (default /).")
    Path sysfsRoot;

    @Option(names = "--force", description = "Map even if a driver is bound, policy denies it, or the kernel is predicted to refuse.")
    boolean force;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format;

    /** --read, --poke and --dump in the order they were given (picocli collects each option separately). */
    static List<Access> inOrder(List<String> args) {
        List<Access> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) break;
            for (String name : List.of("--read", "--poke", "--dump")) {
                String v = null;
                if (a.equals(name) && i + 1 < args.size()) v = args.get(++i);
                else if (a.startsWith(name + "=")) v = a.substring(name.length() + 1);
                if (v == null) continue;
                out.add(switch (name) {
                    case "--read" -> Access.read(v);
                    case "--poke" -> Access.poke(v);
                    default -> Access.dump(v);
                });
            }
        }
        return out;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String b;
        List<Access> accesses = new ArrayList<>();
        long off;
        Long len;
        NodeKind kind;
        Intent in;
        try {
            b = MachineSource.checkBdf(bdf);
            if (bar < 0 || bar > 5) throw new IllegalArgumentException("BAR " + bar + " is not 0..5");
            if (node != null && intent != null) throw new IllegalArgumentException("give either --node or --intent, not both");
            kind = node == null ? null : NodeKind.parse(node, bar);
            in = intent == null ? null : Intent.parse(intent);
            off = Access.read(offset + ":8").offset();
            len = length == null ? null : Access.read(length + ":8").offset();
            accesses.addAll(inOrder(spec.commandLine().getParseResult().originalArgs()));
            if (!pokes.isEmpty() && !write) throw new IllegalArgumentException("--poke needs --write");
            if (hold < 0) throw new IllegalArgumentException("--hold must not be negative");
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("bad-option", new SourceLocation("command line", 0, 0, ""), e.getMessage(), null);
        }
        SysfsMachine machine = ScanCommand.machine(sysfsRoot);
        Optional<PciFunction> fn = machine.device(b);
        if (fn.isEmpty()) {
            throw new InvalidInputException("unknown-device", new SourceLocation(machine.name(), 0, 0, ""), "no PCI device " + b,
                    "'barwise scan' lists the devices");
        }
        if (fn.get().device().bar(bar).isEmpty()) {
            throw new InvalidInputException("unknown-bar", new SourceLocation(machine.name(), 0, 0, ""), b + " has no BAR" + bar,
                    "its BARs: " + fn.get().device().bars().stream().map(x -> "BAR" + x.index()).toList());
        }
        Request request = new Request(0, b, bar, kind, in, off, len, write ? Prot.READ_WRITE : Prot.READ, true, true);
        Barwise engine = Engines.create(ScanCommand.policies(policies), List.of());
        Decision decision = engine.decide(machine.scenario(List.of(request))).decisions().get(0);

        List<String> lines = new ArrayList<>();
        lines.add("predicted: " + ScanCommand.summary(decision));
        boolean attempt = decision.outcome() == Outcome.MAPPED || verify || force;
        if (decision.outcome() == Outcome.DENIED && !force) attempt = false;
        Observed observed = null;
        String error = null;
        boolean revoked = false;
        List<MapDocument.Done> accessOut = new ArrayList<>();
        if (attempt) {
            Optional<List<Reservation>> before = machine.patEntries();
            BarMapping m = null;
            try {
                m = BarMapping.open(machine, decision, new BarMapping.Options(write, force, true));
                Optional<List<Reservation>> after = machine.patEntries();
                long s = m.physicalStart(), e = s + m.length();
                observed = new Observed(true, null, null,
                        before.isPresent() && after.isPresent() ? Verification.added(before.get(), after.get(), s, e) : null,
                        before.isPresent() && after.isPresent(), after.map(a -> Verification.covering(a, s, e)).orElse(List.of()));
                lines.add(String.format("mapped:    %s offset 0x%x length 0x%x (phys 0x%x)%s", m.path(), m.fileOffset(), m.length(),
                        m.physicalStart(), m.barOffset() > 0 ? String.format(", BAR starts at mapping offset 0x%x", m.barOffset()) : ""));
                for (String p : observed.patEntries()) lines.add("           " + p);
                for (Access a : accesses) {
                    String r = a.apply(m);
                    accessOut.add(new MapDocument.Done(a, r));
                    lines.add(r);
                }
                if (hold > 0) Thread.sleep((long) (hold * 1000));
            } catch (MmapFailedException e) {
                observed = Observed.failed(e);
                lines.add("failed:    " + e.getMessage());
            } catch (MappingRevokedException e) {
                revoked = true;
                error = e.getMessage();
                lines.add("revoked:   " + e.getMessage());
            } catch (MappingException e) {
                error = e.getMessage();
                lines.add("not mapped: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (m != null) m.close();
            }
        } else {
            lines.add("not attempted: " + (decision.outcome() == Outcome.DENIED ? "denied by policy" : "the kernel is predicted to refuse")
                    + " (use --verify or --force to try)");
        }
        int code;
        List<Check> checks = List.of();
        if (verify && observed != null) {
            checks = Verification.compare(decision, observed, machine.platform().platform().patActive());
            for (Check c : checks) {
                lines.add(String.format("verify %-8s predicted %-16s observed %-16s %s%s", c.what(), c.predicted(), c.observed(),
                        c.ok() ? "OK" : "MISMATCH", c.note() == null ? "" : "  (" + c.note() + ")"));
            }
            code = Verification.allOk(checks) && !revoked ? ExitCode.OK : ExitCode.REFUSED;
        } else if (verify) {
            code = ExitCode.REFUSED;
            lines.add("verify: nothing was observed");
        } else {
            code = observed != null && observed.mapped() && !revoked ? ExitCode.OK : ExitCode.REFUSED;
        }
        if (format == Format.json) {
            out.print(Contract.write(MapDocument.of(decision, attempt, observed, accessOut, verify ? checks : null, error, code),
                    Contract.Format.JSON));
        } else {
            lines.forEach(out::println);
        }
        out.flush();
        return code;
    }
}

package io.barwise.cli;

import io.barwise.Barwise;
import io.barwise.mapper.Access;
import io.barwise.mapper.MapRun;
import io.barwise.mapper.Target;
import io.barwise.model.Decision;
import io.barwise.model.Intent;
import io.barwise.model.NodeKind;
import io.barwise.model.Prot;
import io.barwise.model.Request;
import io.barwise.output.Contract;
import io.barwise.output.Format;
import io.barwise.output.MapDocument;
import io.barwise.output.MapReport;
import io.barwise.policy.SitePolicy;
import io.barwise.sysfs.SysfsMachine;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code barwise map BDF BAR}: parse, decide, map and observe ({@link MapRun}), print ({@link MapReport}). */
@Command(name = "map", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Decide how to map a BAR of this machine, then map, access and unmap it.",
                "Opens the chosen node (read-only unless --write), mmaps it MAP_SHARED for the decided length,"
                        + " does the accesses in the order given (offsets count from the start of the mapping),"
                        + " holds it, and unmaps. A policy denial is not tried without --force; a predicted refusal"
                        + " is not tried without --verify (which asks the kernel and compares its errno or PAT entry"
                        + " with the prediction) or --force."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:mapped, every access done (and with --verify, as predicted)", "1:internal error",
                "2:not mapped (denied, refused, failed), an access failed, the mapping was revoked, or a --verify mismatch",
                "3:invalid BDF, BAR, option or policy"})
final class MapCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BDF", description = "PCI address: DDDD:BB:DD.F, or BB:DD.F as lspci prints it (domain 0000).")
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

    @Option(names = "--read", paramLabel = "OFF:BITS", description = "One load of BITS (8, 16, 32 or 64; little-endian) at OFF (repeatable).")
    List<String> reads = new ArrayList<>();

    @Option(names = "--poke", paramLabel = "OFF:BITS=VALUE", description = "One store of VALUE as BITS at OFF (repeatable; needs --write).")
    List<String> pokes = new ArrayList<>();

    @Option(names = "--dump", paramLabel = "OFF:LEN[:BITS]",
            description = "Hex-dump LEN bytes at OFF like xxd, with the widest aligned loads, or loads of BITS each (repeatable).")
    List<String> dumps = new ArrayList<>();

    @Option(names = "--value", description = "Print only what the accesses read: each read's value, each dump's lines. For scripts.")
    boolean valueOnly;

    @Option(names = "--hold", paramLabel = "SECONDS", description = "Keep the mapping this long before unmapping.")
    double hold;

    @Option(names = "--verify", description = "Also try a predicted refusal, and compare the kernel's errno or PAT entry with the prediction.")
    boolean verify;

    @Option(names = "--force", description = "Map even if a driver is bound, policy denies it, or the kernel is predicted to refuse.")
    boolean force;

    @Mixin PolicyOption policies;

    @Mixin MachineOption machine;

    @Mixin FormatOption format;

    @Override
    public Integer call() {
        Format f = format.tableOrDocument();
        if (valueOnly && f != Format.table) throw bad("--value prints bare values: it does not go with --format " + f);
        NodeKind kind;
        Intent in;
        long off;
        Long len;
        List<Access> accesses;
        try {
            if (bar < 0 || bar > 5) throw new IllegalArgumentException("BAR " + bar + " is not 0..5");
            kind = node == null ? null : NodeKind.parse(node, bar);
            in = intent == null ? null : Intent.parse(intent);
            if (kind != null && in != null) throw new IllegalArgumentException("give either --node or --intent, not both");
            off = Access.number(offset, "--offset " + offset);
            len = length == null ? null : Access.number(length, "--length " + length);
            accesses = inOrder(spec.commandLine().getParseResult().originalArgs());
            if (!pokes.isEmpty() && !write) throw new IllegalArgumentException("--poke stores: add --write to open the node read-write");
            if (hold < 0) throw new IllegalArgumentException("--hold must not be negative");
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        SysfsMachine m = machine.machine();
        Target target = Target.find(m, bdf, bar);
        Request request = new Request(0, target.bdf(), bar, kind, in, off, len, write ? Prot.READ_WRITE : Prot.READ, true, true);
        SitePolicy site = policies.site();
        Barwise engine = Engines.create(site, List.of());
        // --value prints bare values on stdout: the policy line goes to stderr there
        Engines.announce(spec, site, f == Format.table && !valueOnly);
        Decision decision = engine.decide(m.scenario(List.of(request))).decisions().get(0);
        MapRun.Result result = MapRun.run(m, decision,
                new MapRun.Plan(write, force, verify, accesses, Duration.ofMillis((long) (hold * 1000))));
        int code = result.succeeded() ? ExitCode.OK : ExitCode.REFUSED;
        PrintWriter out = spec.commandLine().getOut();
        if (f.document()) out.print(Contract.write(MapDocument.of(result, accesses, verify, code), f));
        else if (valueOnly) MapReport.values(out, result);
        else MapReport.table(out, result);
        out.flush();
        return code;
    }

    private ParameterException bad(String message) { return new ParameterException(spec.commandLine(), message); }

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
}

package io.barwise.cli;

import io.barwise.Barwise;
import io.barwise.mapper.SelfCheck;
import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import io.barwise.output.Contract;
import io.barwise.output.SelfCheckDocument;
import io.barwise.output.Format;
import io.barwise.output.SelfCheckReport;
import io.barwise.sysfs.SysfsMachine;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code barwise selfcheck}: map every present node of every free BAR of this machine and compare with the prediction. */
@Command(name = "selfcheck", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check barwise against the kernel of this machine (live only; a snapshot has nothing to map).",
                "For every BAR of a device with no driver bound (all devices with --force) and every node of it that is",
                "present: open it read-only, mmap one page and then the whole BAR, touch no memory, read pat_memtype_list",
                "while the mapping is held, unmap; compare the errno and the PAT memtype with barwise's prediction (no site",
                "policy: the kernel's answer is compared). Nodes that are not present are listed, with whether the model",
                "expected them."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every prediction matched the kernel (or nothing could be tried)", "1:internal error",
                "2:at least one mismatch", "3:invalid option, or the bundle file cannot be written"})
final class SelfCheckCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--force", description = "Also check BARs of devices that have a driver bound (read-only mappings, no access).")
    boolean force;

    @Mixin FormatOption format;

    @Option(names = "--bundle", paramLabel = "FILE", description = "Also write the machine's snapshot and these observations as one tar file "
            + "(gzipped if FILE ends in .gz or .tgz), for a bug report.")
    Path bundle;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SysfsMachine machine = SysfsMachine.live();
        Barwise engine = Engines.create(List.of(), List.of());
        SelfCheck.Result r = SelfCheck.run(machine, engine, force);
        Format f = format.tableOrDocument();
        String json = Contract.write(SelfCheckDocument.of(r), Format.json);
        if (f == Format.table) SelfCheckReport.table(out, r);
        else out.print(f == Format.json ? json : Contract.write(SelfCheckDocument.of(r), f));
        if (bundle != null) {
            try {
                SelfCheck.bundle(machine, json.getBytes(StandardCharsets.UTF_8), bundle);
            } catch (java.io.IOException e) {
                throw new InvalidInputException("cannot-write", new SourceLocation(bundle.toString(), 0, 0, "--bundle"),
                        "cannot write the bundle: " + e.getMessage(), null);
            }
            if (f == Format.table) out.println("bundle: " + bundle);
        }
        out.flush();
        return r.clean() ? ExitCode.OK : ExitCode.REFUSED;
    }
}

package io.barwise.mapper;

import io.barwise.mapper.Verification.Check;
import io.barwise.mapper.Verification.Observed;
import io.barwise.model.Decision;
import io.barwise.model.Outcome;
import io.barwise.sysfs.MachineSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out a decision on a real machine: whether to try at all, open and mmap with the PAT list
 * observed ({@link ObservedMapping}), the accesses in order, a hold, the unmap, and with {@code verify}
 * the prediction compared with what the kernel did. Nothing here prints; {@link Result} says it all.
 */
public final class MapRun {
    private MapRun() {}

    /**
     * What to do.
     *
     * @param write    open read-write (needed by pokes)
     * @param force    map even if a driver is bound, a policy denies it, or the kernel is predicted to refuse
     * @param verify   try a predicted refusal too, to observe the kernel's answer, and compare
     * @param accesses reads, pokes and dumps, in order
     * @param hold     how long to keep the mapping before unmapping
     */
    public record Plan(boolean write, boolean force, boolean verify, List<Access> accesses, Duration hold) {
        public Plan {
            accesses = List.copyOf(accesses);
            if (hold == null) hold = Duration.ZERO;
        }
    }

    /** Why nothing was asked of the kernel. */
    public enum Skipped {
        /** A site policy denied it; only {@code force} overrides a policy. */
        DENIED,
        /** The kernel is predicted to refuse; {@code verify} observes the real answer, {@code force} tries anyway. */
        REFUSAL_PREDICTED
    }

    /**
     * What happened.
     *
     * @param skipped   set when nothing was tried
     * @param observed  what the kernel did when tried (null if skipped or stopped before the kernel was asked)
     * @param mapped    where it was mapped: path, offsets, length (null unless mapped)
     * @param accesses  each access done, in order
     * @param failure   the access or check that stopped the run, or null
     * @param revoked   an access faulted: the mapping was revoked
     * @param checks    with verify: predicted against observed
     */
    public record Result(Decision decision, Skipped skipped, Observed observed, Mapped mapped, List<Access.Result> accesses,
                         String failure, boolean revoked, List<Check> checks) {

        /** Mapped, every access done, nothing revoked, and (with verify) every check as predicted. */
        public boolean succeeded() {
            return observed != null && observed.mapped() && failure == null && !revoked && Verification.allOk(checks);
        }
    }

    /** Where a mapping was made. */
    public record Mapped(String path, long fileOffset, long length, long physicalStart, long barOffset) {}

    public static Result run(MachineSource machine, Decision decision, Plan plan) {
        Skipped skipped = decision.outcome() == Outcome.DENIED && !plan.force() ? Skipped.DENIED
                : decision.outcome() == Outcome.REFUSED && !plan.verify() && !plan.force() ? Skipped.REFUSAL_PREDICTED : null;
        if (skipped != null) return new Result(decision, skipped, null, null, List.of(), null, false, List.of());
        BarMapping.Options options = new BarMapping.Options(plan.write(), plan.force(), true);
        List<Access.Result> done = new ArrayList<>();
        ObservedMapping om;
        try {
            om = ObservedMapping.observe(machine, () -> BarMapping.open(machine, decision, options));
        } catch (MappingException e) {
            return new Result(decision, null, null, null, done, e.getMessage(), false, List.of());
        }
        String failure = null;
        boolean revoked = false;
        Mapped where = null;
        BarMapping m = om.mapping();
        if (m != null) {
            where = new Mapped(m.path().toString(), m.fileOffset(), m.length(), m.physicalStart(), m.barOffset());
            try {
                for (Access a : plan.accesses()) done.add(a.apply(m));
                if (!plan.hold().isZero()) Thread.sleep(plan.hold());
            } catch (MappingRevokedException e) {
                revoked = true;
                failure = e.getMessage();
            } catch (MappingException e) {
                failure = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted while holding the mapping";
            } finally {
                m.close();
            }
        }
        List<Check> checks = plan.verify()
                ? Verification.compare(decision, om.observed(), machine.platform().platform().patActive()) : List.of();
        return new Result(decision, null, om.observed(), where, done, failure, revoked, checks);
    }
}

package io.barwise.cli;

/** The exit codes every barwise command uses. Documented in docs/scenarios.md ("Exit codes") and each command's --help. */
public final class ExitCode {
    private ExitCode() {}

    /** Everything asked for was granted / passed. */
    public static final int OK = 0;
    /** barwise itself failed (a bug, or the machine refused something unexpected). */
    public static final int INTERNAL_ERROR = 1;
    /** A request was refused by the kernel or denied by policy; a test or verification failed. */
    public static final int REFUSED = 2;
    /** Invalid input: a scenario, policy, test or rule file, or the command line. */
    public static final int INVALID_INPUT = 3;
}

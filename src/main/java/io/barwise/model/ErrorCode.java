package io.barwise.model;

/**
 * Every code an {@link InvalidInputException} or a {@code check} diagnostic carries: the stable, machine-readable
 * part of an error (exit code 3) or analysis warning. docs/error-codes.md is this table; ErrorCodesTest keeps both,
 * and the codes the sources use, in step.
 */
public enum ErrorCode {
    // reading YAML (yaml/)
    YAML_SYNTAX("yaml-syntax", "the file is not valid YAML", "yaml/YamlReader"),
    DUPLICATE_KEY("duplicate-key", "a mapping has the same key twice", "yaml/YamlReader"),
    MULTIPLE_DOCUMENTS("multiple-documents", "a file holds more than one YAML document", "yaml/YamlReader"),
    NOT_UTF8("not-utf8", "the file is not UTF-8 text", "yaml/YamlReader"),
    TOO_LARGE("too-large", "the file is larger than barwise reads", "yaml/YamlReader"),
    TOO_DEEP("too-deep", "the YAML nests deeper than barwise reads", "yaml/YamlReader"),
    UNREADABLE("unreadable", "a file or folder cannot be read or listed", "yaml/YamlReader, policy/PolicyReader, DrlFiles, authoring/"),
    NO_SUCH_FILE("no-such-file", "a named file or folder does not exist", "yaml/YamlReader, policy/PolicyReader, DrlFiles, authoring/"),
    UNKNOWN_FIELD("unknown-field", "a field the format does not have", "yaml/Node (every reader)"),
    MISSING_FIELD("missing-field", "a required field is absent", "yaml/Node, authoring/Validator"),
    MISSING_VALUE("missing-value", "a field is given without a value", "yaml/Node"),
    WRONG_TYPE("wrong-type", "a mapping, list, single value or boolean where another is needed", "yaml/Node, authoring/Validator"),
    NOT_A_NUMBER("not-a-number", "a number field holds text", "yaml/Node, authoring/Validator"),
    OUT_OF_RANGE("out-of-range", "a number outside the field's range", "yaml/Node, scenario/ScenarioReader, authoring/Validator"),
    BAD_VALUE("bad-value", "a value the field does not take (an unknown name, a malformed id)", "yaml/Node, scenario/ScenarioReader, authoring/Validator"),
    CONFLICTING_FIELDS("conflicting-fields", "two fields that exclude each other are both given", "scenario/ScenarioReader, policy/PolicyReader"),
    EMPTY_CONDITION("empty-condition", "a policy condition is empty", "authoring/Validator"),

    // scenarios (scenario/) and deciding them (engine/)
    BAD_BDF("bad-bdf", "a PCI address that is not DDDD:BB:DD.F", "scenario/ScenarioReader"),
    BAD_RESOURCE("bad-resource", "a sysfs resource text that cannot be parsed", "scenario/ScenarioReader"),
    DUPLICATE_DEVICE("duplicate-device", "two devices with the same address", "scenario/ScenarioReader"),
    DUPLICATE_BAR("duplicate-bar", "a device lists the same BAR twice", "scenario/ScenarioReader"),
    UNKNOWN_DEVICE("unknown-device", "a request or command names a device the machine does not have", "scenario/ScenarioReader, engine/DecisionEngine, cli/MapCommand"),
    UNKNOWN_BAR("unknown-bar", "a request or command names a BAR the device does not have", "scenario/ScenarioReader, engine/DecisionEngine, cli/MapCommand"),
    BAD_RANGE("bad-range", "a request with a negative offset or length", "engine/DecisionEngine"),
    RULE_LOOP("rule-loop", "the rules kept firing past the limit (user DRL that loops)", "engine/RuleLoopException"),

    // machines that cannot exist (scenario/Consistency; see docs/scenarios.md, "Consistency checks")
    NO_REQUESTS("no-requests", "a scenario with nothing to decide (no requests, or all lost to an indentation slip)", "scenario/ScenarioReader"),
    EMPTY_FILE("empty-file", "a file that is empty or holds only comments", "authoring/Checker"),
    MTRR_SIZE("mtrr-size", "a variable MTRR whose size is not a power of two of at least 4 KiB", "scenario/Consistency"),
    MTRR_ALIGNMENT("mtrr-alignment", "a variable MTRR whose base is not aligned to its size", "scenario/Consistency"),
    MTRR_COUNT("mtrr-count", "more variable MTRRs than the CPU has (vcnt, at most 255)", "scenario/Consistency"),
    MTRR_ARCH("mtrr-arch", "MTRR ranges on an architecture without MTRRs", "scenario/Consistency"),
    BAR_OVERLAP("bar-overlap", "two assigned BARs share addresses", "scenario/Consistency"),
    BEYOND_PHYS_BITS("beyond-phys-bits", "a BAR, MTRR or PAT entry at or above 2^physBits", "scenario/Consistency"),
    IO_PORT_RANGE("io-port-range", "an x86 I/O BAR above port 0xffff", "scenario/Consistency"),
    RESERVATION_CONFLICT("reservation-conflict", "two overlapping PAT entries of different types", "scenario/Consistency"),

    // site policies (policy/) and DRL
    BAD_NAME("bad-name", "a policy rule name with characters outside letters, digits, '.', '_', '-'", "policy/PolicyReader"),
    DUPLICATE_POLICY("duplicate-policy", "two policy rules with the same name", "policy/PolicyReader"),
    EMPTY_MATCH("empty-match", "a policy rule without conditions", "policy/PolicyReader"),
    NO_EFFECT("no-effect", "a policy rule that sets no intent, decision, prefer or forbid", "policy/PolicyReader"),
    MVEL_COMPILE("mvel-compile", "a policy condition MVEL cannot compile", "policy/MvelCondition"),
    MVEL_FORBIDDEN("mvel-forbidden", "a policy condition that calls outside the sandbox", "policy/MvelCondition"),
    MVEL_NOT_BOOLEAN("mvel-not-boolean", "a policy condition that is not true or false", "policy/MvelCondition"),
    DRL_COMPILE("drl-compile", "user DRL that does not compile", "engine/RuleBases, authoring/Checker"),
    DRL_DUPLICATE_RULE("drl-duplicate-rule", "user DRL reuses a rule name", "authoring/Checker"),

    // check and test (authoring/)
    UNKNOWN_FILE_KIND("unknown-file-kind", "check cannot tell a policy, scenario, test or DRL file", "authoring/Checker"),
    TEST_UNKNOWN_REQUEST("test-unknown-request", "a test expectation for a request the scenario does not have", "authoring/TestRunner"),
    TEST_ASSERTS_NOTHING("test-asserts-nothing", "a test expectation that compares nothing", "authoring/TestRunner"),
    TEST_UNKNOWN_RULE("test-unknown-rule", "a test names a DRL rule the engine does not have", "authoring/TestRunner"),
    TEST_UNKNOWN_POLICY("test-unknown-policy", "a test names a policy rule its policies do not have", "authoring/TestRunner"),
    NEVER_MATCHES("never-matches", "warning: a policy rule no request can match", "authoring/StaticCheck, authoring/ConflictAnalyzer"),
    SHADOWED("shadowed", "warning: a policy rule always overridden by another", "authoring/ConflictAnalyzer"),
    GAP("gap", "warning: some request that names neither node nor intent gets no intent from any policy rule (so it is denied)", "authoring/ConflictAnalyzer"),
    CONFLICT_DECISION("conflict-decision", "warning: two rules of equal priority allow and deny the same request", "authoring/ConflictAnalyzer"),
    CONFLICT_INTENT("conflict-intent", "warning: two rules of equal priority give one request different intents", "authoring/ConflictAnalyzer"),
    CONFLICT_PREFER_FORBID("conflict-prefer-forbid", "warning: one rule prefers a node another forbids", "authoring/ConflictAnalyzer"),

    // the command line and machines (cli/)
    BAD_OPTION("bad-option", "a command-line option value that cannot be used", "cli/FleetCommand, cli/ServeCommand"),
    NO_SUCH_DIRECTORY("no-such-directory", "--sysfs-root names no directory", "cli/ScanCommand"),
    PATH_ESCAPES_ROOT("path-escapes-root", "a link under --sysfs-root leads outside it", "cli/ScanCommand"),
    CANNOT_WRITE("cannot-write", "an output file cannot be written", "cli/SnapshotCommand, cli/SelfCheckCommand"),
    STDIN_TWICE("stdin-twice", "standard input (-) is given more than once", "cli/EvalCommand"),
    UNKNOWN_SCHEMA("unknown-schema", "barwise schema names no input or output kind", "cli/SchemaCommand"),
    TOO_MANY_REQUESTS("too-many-requests", "a scenario sent to serve has more requests than --max-requests", "serve/Api");

    private final String id;
    private final String meaning;
    private final String where;

    ErrorCode(String id, String meaning, String where) {
        this.id = id;
        this.meaning = meaning;
        this.where = where;
    }

    /** The code as errors print it, e.g. {@code unknown-field}. */
    public String id() { return id; }

    public String meaning() { return meaning; }

    /** The packages or classes that raise it. */
    public String where() { return where; }

    /** The code with this id, or null. */
    public static ErrorCode of(String id) {
        for (ErrorCode c : values()) if (c.id.equals(id)) return c;
        return null;
    }

    @Override
    public String toString() { return id; }
}

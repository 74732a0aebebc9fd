package io.barwise.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real CLI in-process (Main.run) and keeps what it printed. */
public record Cli(int code, String out, String err) {
    public static Cli run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(new PrintWriter(o, true), new PrintWriter(e, true), args);
        return new Cli(code, o.toString(), e.toString());
    }

    public String lastLine() {
        String[] lines = (out.isBlank() ? err : out).strip().split("\\R");
        return lines[lines.length - 1];
    }
}

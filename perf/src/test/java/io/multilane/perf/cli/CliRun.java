package io.multilane.perf.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/** Runs the {@code multilane} CLI in-process with what it prints captured: the CLI tests' one way in. Test threads. */
final class CliRun {
    private CliRun() {
    }

    /**
     * @param out  receives standard output (appended)
     * @param err  receives standard error (appended)
     * @param args the command line
     * @return the exit code
     */
    static int execute(final StringWriter out, final StringWriter err, final String... args) {
        final CommandLine cli = MultilaneCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}

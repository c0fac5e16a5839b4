package io.multilane.perf.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of {@code bin/multilane}: a command with one subcommand per job. Without a
 * subcommand it prints usage. Bad arguments print a clear message and the usage and exit
 * with code 2. Runs on the JVM's main thread.
 */
@Command(
        name = "multilane",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Parallel, deterministic execution core for blockchain validators.",
        subcommands = {SoakCommand.class, BenchCommand.class, ReplayCommand.class, VerifyCommand.class, ClusterCommand.class,
            JmhCommand.class,
            CommandLine.HelpCommand.class})
public final class MultilaneCli implements Runnable {
    @Spec
    private CommandSpec spec;

    /**
     * Builds the picocli command line for the given output streams' defaults.
     *
     * @return a new command line; tests use it to run the CLI in-process
     */
    public static CommandLine commandLine() {
        return new CommandLine(new MultilaneCli());
    }

    /**
     * Runs the CLI and exits with its code. The build's {@code -D} flags are set first when the JVM was
     * started without them ({@code java -jar multilane.jar}, whose manifest carries the opens and exports).
     *
     * @param args command-line arguments
     */
    public static void main(final String[] args) {
        for (String flag : JvmFlags.list()) {
            if (flag.startsWith("-D") && flag.indexOf('=') > 2) {
                final int eq = flag.indexOf('=');
                if (System.getProperty(flag.substring(2, eq)) == null) {
                    System.setProperty(flag.substring(2, eq), flag.substring(eq + 1));
                }
            }
        }
        System.exit(commandLine().execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

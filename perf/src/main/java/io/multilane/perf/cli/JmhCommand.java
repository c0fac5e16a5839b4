package io.multilane.perf.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code multilane jmh [JMH options]}: runs the JMH suite packaged in {@code perf}, passing
 * every argument to JMH and appending multilane's JVM flags to each fork. Runs on the CLI's
 * main thread.
 */
@Command(name = "jmh", description = "Run the JMH benchmarks (all JMH options pass through, e.g. -l, -prof gc, a regex).")
final class JmhCommand implements Callable<Integer> {
    /** Every argument, options included, goes to JMH unparsed ({@code -h} lists JMH's own). */
    @Unmatched
    private final List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws RunnerException, java.io.IOException {
        final CommandLineOptions jmhOptions;
        try {
            jmhOptions = new CommandLineOptions(args.toArray(new String[0]));
        } catch (CommandLineOptionException e) {
            System.err.println("jmh: " + e.getMessage());
            return 2;
        }
        if (jmhOptions.shouldHelp()) {
            jmhOptions.showHelp();
            return 0;
        }
        final Runner runner = new Runner(withFlags(jmhOptions));
        if (jmhOptions.shouldList()) {
            runner.list();
            return 0;
        }
        runner.run();
        return 0;
    }

    private static org.openjdk.jmh.runner.options.Options withFlags(final CommandLineOptions parent) {
        final ChainedOptionsBuilder builder = new OptionsBuilder().parent(parent);
        builder.jvmArgsAppend(JvmFlags.list().toArray(new String[0]));
        return builder.build();
    }
}

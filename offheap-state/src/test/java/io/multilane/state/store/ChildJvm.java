package io.multilane.state.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a test class's {@code main} in a child JVM with this JVM's module flags and system properties and the test
 * class path, for tests that kill a process mid-operation. Stateless; any thread.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /** Starts {@code java <flags> -Xmx256m -cp <class path> main args...}, stdout to {@code log}, stderr beside it. */
    static Process start(final Class<?> main, final Path log, final String... args) throws IOException {
        final List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (final String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("-D")
                || a.startsWith("--enable-native-access") || a.startsWith("--sun-misc")) {
                cmd.add(a);
            }
        }
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(log.toFile()).redirectError(err(log).toFile()).start();
    }

    /** Where {@link #start} sends the child's stderr. */
    static Path err(final Path log) {
        return log.resolveSibling(log.getFileName() + ".err");
    }
}

package io.multilane.affinity;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@link AffinityProbe} in a fresh JVM, so system properties and the CPU mask of this JVM stay untouched. */
final class ChildJvm {
    private ChildJvm() {
    }

    /** The exit code and output of a child JVM. */
    record Result(int exitCode, String stdout, String stderr) {
        /** The value of the probe's {@code key=value} line, or null. */
        String value(final String key) {
            for (final String line : stdout.split("\n")) {
                if (line.startsWith(key + "=")) {
                    return line.substring(key.length() + 1);
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** Runs {@code launcher... java jvmArgs... AffinityProbe probeArgs...}; launcher may be empty (e.g. taskset). */
    static Result runProbe(final List<String> launcher, final List<String> jvmArgs, final String... probeArgs)
        throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(launcher);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(location(Affinity.class) + File.pathSeparator + location(AffinityProbe.class));
        command.add(AffinityProbe.class.getName());
        command.addAll(List.of(probeArgs));
        final Path out = Files.createTempFile("affinity-probe", ".out");
        final Path err = Files.createTempFile("affinity-probe", ".err");
        try {
            final Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("child JVM timed out: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String location(final Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

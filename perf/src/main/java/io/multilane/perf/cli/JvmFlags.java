package io.multilane.perf.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags multilane needs, as the build wrote them from the parent pom's
 * {@code multilane.jvm.flags} property (the one list shared by Surefire, JMH forks and
 * {@code bin/multilane}). Stateless; any thread.
 */
public final class JvmFlags {
    private static final String RESOURCE = "/io/multilane/perf/jvm.flags";

    private JvmFlags() {
    }

    /**
     * Returns the flags in order, one element per flag.
     *
     * @return the flags the build configured
     * @throws IllegalStateException if the build did not package the flags resource
     */
    public static List<String> list() {
        try (InputStream in = JvmFlags.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE + ": build perf with Maven");
            }
            final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            final List<String> flags = new ArrayList<>();
            for (String flag : text.split("\\s+")) {
                if (!flag.isEmpty()) {
                    flags.add(flag);
                }
            }
            return flags;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

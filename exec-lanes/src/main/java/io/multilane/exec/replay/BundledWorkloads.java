package io.multilane.exec.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The workloads shipped inside the exec-lanes jar as gzipped classpath resources (provenance and
 * format in each one's {@code README.md} beside the files), so a lone clone, the CLI and an
 * embedding user can replay them without any file outside the project. Stateless; any thread.
 */
public final class BundledWorkloads {
    /** Real mainnet transfers and Uniswap V2 swaps: 19,042 ops in 81 blocks. */
    public static final String MAINNET_PEVM = "mainnet-pevm";
    /** Every bundled workload name. */
    public static final List<String> NAMES = List.of(MAINNET_PEVM);

    private static final String RESOURCE_ROOT = "io/multilane/exec/replay/workloads/";

    private BundledWorkloads() {
    }

    /**
     * @param name a name
     * @return whether it is one of {@link #NAMES}
     */
    public static boolean contains(final String name) {
        return NAMES.contains(name);
    }

    /**
     * @param name one of {@link #NAMES}
     * @return the source of its files
     * @throws IllegalArgumentException for another name, listing the bundled ones
     */
    public static WorkloadSource source(final String name) {
        if (!contains(name)) {
            throw new IllegalArgumentException("no bundled workload '" + name + "' (bundled: " + String.join(", ", NAMES) + ")");
        }
        return WorkloadSource.classpath(BundledWorkloads.class.getClassLoader(), RESOURCE_ROOT + name + "/");
    }

    /**
     * @param name one of {@link #NAMES}
     * @return the parsed workload (a new one per call)
     */
    public static Trace load(final String name) {
        return WorkloadLoader.load(source(name));
    }

    /**
     * @param name one of {@link #NAMES}
     * @return its {@code expected_final.csv}, decompressed: the state a replay must dump byte for byte
     * @throws UncheckedIOException if the resource cannot be read
     */
    public static byte[] expectedFinal(final String name) {
        try {
            return source(name).readAllBytes(WorkloadLoader.EXPECTED_FINAL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

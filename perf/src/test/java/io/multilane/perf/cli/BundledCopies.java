package io.multilane.perf.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.multilane.exec.replay.BundledWorkloads;
import io.multilane.exec.replay.WorkloadLoader;
import io.multilane.exec.replay.WorkloadSource;

/**
 * Copies the bundled mainnet-pevm's gzipped genesis and ops into a directory, to test the directory
 * path of the workload options with real data. Test thread only.
 */
public final class BundledCopies {
    private BundledCopies() {
    }

    /**
     * @param dir a directory to create
     * @return {@code dir}, holding genesis.csv.gz and ops.csv.gz
     * @throws IOException if copying fails
     */
    public static Path mainnetPevm(final Path dir) throws IOException {
        Files.createDirectories(dir);
        final WorkloadSource source = BundledWorkloads.source(BundledWorkloads.MAINNET_PEVM);
        for (String file : new String[] {WorkloadLoader.GENESIS, WorkloadLoader.OPS}) {
            final String stored = source.storedName(file);
            try (InputStream in = source.openStored(stored)) {
                Files.copy(in, dir.resolve(stored));
            }
        }
        return dir;
    }
}

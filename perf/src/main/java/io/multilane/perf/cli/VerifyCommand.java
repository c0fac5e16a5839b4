package io.multilane.perf.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.multilane.state.StateConfig;
import io.multilane.state.StateException;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import io.multilane.state.root.LtHash;
import io.multilane.state.root.RootHex;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code multilane verify --data-dir DIR}: opens a store (recovering it to its last sealed block),
 * recomputes the state root by a full scan of every record and prints the height, the store's root
 * and the recomputed one. Exit 0 when they agree, 1 when they differ or the store cannot be
 * recovered (corrupt, incompatible), 2 on bad arguments. Runs on the CLI's main thread.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Open a store, recover it, recompute the state root by full scan and compare.")
final class VerifyCommand implements Callable<Integer> {
    /** The file every store directory holds. */
    static final String STORE_MARKER = "state.lock";

    @Spec
    private CommandSpec spec;

    @Option(names = "--data-dir", required = true, description = "The store's directory")
    private Path dataDir;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(dataDir)) {
            throw new ParameterException(spec.commandLine(), "--data-dir " + dataDir + " is not a directory");
        }
        if (!Files.exists(dataDir.resolve(STORE_MARKER))) {
            err.println("verify: " + dataDir + " holds no multilane store (no " + STORE_MARKER + ")");
            return 1;
        }
        final UnsafeBuffer stored = new UnsafeBuffer(new byte[LtHash.DIGEST_LENGTH]);
        final UnsafeBuffer recomputed = new UnsafeBuffer(new byte[LtHash.DIGEST_LENGTH]);
        final long height;
        final long records;
        try (StateStore store = StateStores.open(StateConfig.of(dataDir, 1))) {
            height = store.sealedHeight();
            records = store.size();
            store.root(stored, 0);
            final LtHash scan = new LtHash();
            store.scan((key, keyOffset, value, valueOffset, length) -> scan.add(key, keyOffset, value, valueOffset, length));
            scan.digest(recomputed, 0);
        } catch (StateException e) {
            err.println("verify: cannot recover " + dataDir + ": " + e.getMessage());
            return 1;
        }
        out.println("data dir         " + dataDir.toAbsolutePath());
        out.println("height           " + height);
        out.println("records          " + records);
        out.println("stored root      " + RootHex.of(stored));
        out.println("recomputed root  " + RootHex.of(recomputed));
        final boolean same = stored.compareTo(recomputed) == 0;
        out.println(same ? "OK: roots agree" : "MISMATCH: the recomputed root differs from the stored root");
        return same ? 0 : 1;
    }

}

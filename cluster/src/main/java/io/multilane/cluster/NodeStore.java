package io.multilane.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.pipeline.PersistencePriority;
import io.multilane.state.DirectoryTree;
import io.multilane.state.StateConfig;
import io.multilane.state.StateException;
import io.multilane.state.StateSnapshots;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import io.multilane.state.root.RootHex;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A member's own store and how it is brought to the state the log starts from: the state of the last Aeron
 * snapshot, or, before the first snapshot, the genesis state file every member is started with.
 *
 * <p>A store that already holds that height or a later one is kept (the member crashed or stopped after applying
 * blocks; the log's blocks up to its height are then skipped, and its root is checked against the root the log
 * reports). A store at the same height with another root is refused as diverged. A missing store, or one behind
 * the base, is replaced by importing the base state file, which recomputes the root over every record. Used by
 * the service thread only.
 */
final class NodeStore {
    private final StateConfig config;
    private boolean imported;

    /** @param config the store's configuration (its directory is the member's store directory) */
    NodeStore(final StateConfig config) {
        this.config = PersistencePriority.lowered(config);
    }

    /** @return the store's directory */
    Path directory() {
        return config.directory();
    }

    /**
     * Opens the store at {@code baseHeight} or later.
     *
     * @param baseHeight height of the state the log starts from
     * @param baseRoot its root
     * @param baseFile the state file holding it
     * @return the open store
     * @throws DivergenceException if the store holds {@code baseHeight} with another root
     */
    StateStore open(final long baseHeight, final DirectBuffer baseRoot, final Path baseFile) {
        imported = false;
        if (exists()) {
            final StateStore store = StateStores.open(config);
            final long height = store.sealedHeight();
            if (height > baseHeight) {
                return store;
            }
            if (height == baseHeight) {
                final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
                store.root(root, 0);
                if (root.compareTo(new UnsafeBuffer(baseRoot, 0, BlockDescriptor.ROOT_LENGTH)) == 0) {
                    return store;
                }
                store.close();
                throw new DivergenceException("diverged at block " + height + ": the store in " + directory()
                        + " has root " + RootHex.of(root) + ", the cluster's state at that height has "
                        + RootHex.of(new UnsafeBuffer(baseRoot, 0, BlockDescriptor.ROOT_LENGTH)));
            }
            store.close();
            deleteStore();
        }
        imported = true;
        final StateStore store = StateSnapshots.importTo(baseFile, config);
        final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        store.root(root, 0);
        if (store.sealedHeight() != baseHeight
                || root.compareTo(new UnsafeBuffer(baseRoot, 0, BlockDescriptor.ROOT_LENGTH)) != 0) {
            store.close();
            throw new DivergenceException("state file " + baseFile + " holds height " + store.sealedHeight()
                    + " root " + RootHex.of(root) + ", expected height " + baseHeight);
        }
        return store;
    }

    /** @return whether the last {@link #open} imported the base state file (rather than keeping the store) */
    boolean imported() {
        return imported;
    }

    private boolean exists() {
        final Path dir = directory();
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.findAny().isPresent();
        } catch (final IOException e) {
            throw new StateException("cannot list " + dir + ": " + e, e);
        }
    }

    private void deleteStore() {
        try {
            DirectoryTree.delete(directory());
        } catch (final IOException e) {
            throw new StateException("cannot delete the stale store in " + directory() + ": " + e, e);
        }
    }
}

package io.multilane.exec.workload;

import io.multilane.state.StateStore;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A reproducible stream of blocks for the soak runner, the saturation bench and the replay CLI:
 * a genesis written straight into an empty store, a few setup blocks (transactions that create
 * pools, markets, positions), then as many workload blocks as asked for.
 *
 * <p>The same name, seed and sequence of calls give byte-identical blocks. The workload tracks
 * what it needs (nonces, positions) itself, so its blocks must be executed in the order they were
 * encoded. {@link #encodeBlock} allocates nothing. One thread per instance.
 */
public interface Workload {
    /**
     * @return the workload's name as given on the command line
     */
    String name();

    /**
     * @return how many records the store should be sized for (genesis, setup and growth)
     */
    long stateEntries();

    /**
     * @return the largest number of bytes one encoded transaction takes
     */
    int maxTxBytes();

    /**
     * Writes the initial state into an empty store as one sealed block.
     *
     * @param store      an empty store, owned by the calling thread
     * @param rootOut    receives the 32-byte state root after genesis
     * @param rootOffset where in {@code rootOut}
     * @return the height of the genesis block
     */
    long writeGenesis(StateStore store, MutableDirectBuffer rootOut, int rootOffset);

    /**
     * @return how many setup blocks follow genesis (0 if none)
     */
    int setupBlocks();

    /**
     * Encodes setup block {@code index}.
     *
     * @param index      0 to {@link #setupBlocks()} - 1, in order
     * @param height     the block's height
     * @param timestamp  the block's timestamp
     * @param parentRoot the state root after the previous block
     * @param rootOffset where in {@code parentRoot}
     * @param out        buffer receiving the block
     * @param outOffset  where in {@code out}
     * @return the encoded block's length
     */
    int encodeSetupBlock(int index, long height, long timestamp, DirectBuffer parentRoot, int rootOffset,
            MutableDirectBuffer out, int outOffset);

    /**
     * Encodes the next workload block. Allocation-free.
     *
     * @param height     the block's height
     * @param timestamp  the block's timestamp
     * @param parentRoot the state root after the previous block
     * @param rootOffset where in {@code parentRoot}
     * @param out        buffer receiving the block (at least {@code txs * maxTxBytes()} plus a header)
     * @param outOffset  where in {@code out}
     * @param txs        transactions in the block
     * @return the encoded block's length
     */
    int encodeBlock(long height, long timestamp, DirectBuffer parentRoot, int rootOffset, MutableDirectBuffer out,
            int outOffset, int txs);

    /**
     * Encodes setup block {@code index} at offset 0 of {@code out}, with the height as timestamp
     * (as soak, bench and replay do).
     *
     * @param index      0 to {@link #setupBlocks()} - 1, in order
     * @param height     the block's height
     * @param parentRoot the state root after the previous block, at offset 0
     * @param out        buffer receiving the block
     * @return the encoded block's length
     */
    default int encodeSetupBlock(final int index, final long height, final DirectBuffer parentRoot,
            final MutableDirectBuffer out) {
        return encodeSetupBlock(index, height, height, parentRoot, 0, out, 0);
    }

    /**
     * Encodes the next workload block at offset 0 of {@code out}, with the height as timestamp.
     *
     * @param height     the block's height
     * @param parentRoot the state root after the previous block, at offset 0
     * @param out        buffer receiving the block
     * @param txs        transactions in the block
     * @return the encoded block's length
     */
    default int encodeBlock(final long height, final DirectBuffer parentRoot, final MutableDirectBuffer out, final int txs) {
        return encodeBlock(height, height, parentRoot, 0, out, 0, txs);
    }
}

package io.multilane.exec.replay;

import java.util.List;

import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.tx.BlockEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Turns workload ops into engine blocks: coin transfers become accounts/transfer, token transfers
 * tokens/transfer, swaps amm/swap_exact_in (output to the sender); fee 0; each sender's nonces
 * count up in row order across the whole workload; no signatures (replay blocks are pre-verified).
 * Setup code, single thread.
 */
public final class ReplayBlockEncoder {
    private final BlockEncoder blockEncoder = new BlockEncoder();
    private final InstructionEncoder tx = new InstructionEncoder();
    private final long[] nonces;

    /**
     * @param addresses the workload's address book (sizes the nonce table)
     */
    public ReplayBlockEncoder(final AddressBook addresses) {
        this.nonces = new long[addresses.size()];
    }

    /**
     * Encodes one block of ops, advancing the senders' nonces.
     *
     * @param ops the block's ops in order
     * @param height engine height
     * @param timestamp timestamp (the source block number)
     * @param parentRoot 32-byte parent state root
     * @param out destination (expandable)
     * @return encoded length
     */
    public int encode(final List<WorkloadOp> ops, final long height, final long timestamp, final DirectBuffer parentRoot,
            final MutableDirectBuffer out) {
        blockEncoder.wrap(out, 0, height, timestamp, parentRoot, 0);
        for (WorkloadOp op : ops) {
            final int senderIndex = (int) (op.sender() - AddressBook.FIRST_ID);
            final long nonce = nonces[senderIndex]++;
            tx.begin(blockEncoder.beginTx(), op.sender(), nonce, 0);
            switch (op.kind()) {
                case COIN_TRANSFER:
                    tx.coinTransfer(op.to(), op.amount().hi(), op.amount().lo());
                    break;
                case TOKEN_TRANSFER:
                    tx.tokenTransfer(op.token(), op.to(), op.amount().hi(), op.amount().lo());
                    break;
                case SWAP:
                    final long[] path = op.path();
                    tx.swap(op.token(), op.amount().hi(), op.amount().lo(), op.minOut().hi(), op.minOut().lo(), path, 0,
                            path.length);
                    break;
                default:
                    throw new IllegalArgumentException("unknown op kind " + op.kind());
            }
            blockEncoder.commitTx();
        }
        return blockEncoder.length();
    }
}

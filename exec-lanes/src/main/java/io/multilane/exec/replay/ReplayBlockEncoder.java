package io.multilane.exec.replay;

import io.multilane.exec.program.ProgramIds;
import io.multilane.exec.program.accounts.AccountsInstructions;
import io.multilane.exec.program.amm.AmmInstructions;
import io.multilane.exec.program.tokens.TokensInstructions;
import io.multilane.exec.tx.BlockEncoder;
import io.multilane.exec.tx.TxEncoder;
import java.util.List;
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
            final TxEncoder tx = blockEncoder.beginTx();
            switch (op.kind()) {
                case COIN_TRANSFER:
                    tx.header(op.sender(), nonce, 0, ProgramIds.ACCOUNTS, AccountsInstructions.TRANSFER,
                            AccountsInstructions.TRANSFER_LENGTH)
                            .argU64(AccountsInstructions.TRANSFER_TO, op.to())
                            .argU128(AccountsInstructions.TRANSFER_AMOUNT, op.amount().hi(), op.amount().lo());
                    break;
                case TOKEN_TRANSFER:
                    tx.header(op.sender(), nonce, 0, ProgramIds.TOKENS, TokensInstructions.TRANSFER, TokensInstructions.LENGTH)
                            .argU64(TokensInstructions.TOKEN, op.token())
                            .argU64(TokensInstructions.TO, op.to())
                            .argU128(TokensInstructions.AMOUNT, op.amount().hi(), op.amount().lo());
                    break;
                case SWAP:
                    final long[] path = op.path();
                    tx.header(op.sender(), nonce, 0, ProgramIds.AMM, AmmInstructions.SWAP_EXACT_IN,
                            AmmInstructions.swapLength(path.length))
                            .argU64(AmmInstructions.SWAP_TOKEN_IN, op.token())
                            .argU128(AmmInstructions.SWAP_AMOUNT_IN, op.amount().hi(), op.amount().lo())
                            .argU128(AmmInstructions.SWAP_MIN_OUT, op.minOut().hi(), op.minOut().lo())
                            .argU8(AmmInstructions.SWAP_HOPS, path.length);
                    for (int i = 0; i < path.length; i++) {
                        tx.argU64(AmmInstructions.SWAP_PATH + 8 * i, path[i]);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown op kind " + op.kind());
            }
            blockEncoder.commitTx();
        }
        return blockEncoder.length();
    }
}

package io.multilane.exec.workload;

import java.util.SplittableRandom;

import io.multilane.exec.program.GenesisWriter;
import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.program.accounts.AccountsInstructions;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockEncoder;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.state.StateStore;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Coin transfers ({@code accounts/transfer}, fee {@link #FEE}) between accounts
 * {@link #FIRST_ACCOUNT} .. {@code FIRST_ACCOUNT + accounts - 1}, every one funded in genesis with
 * 10^30 units. Sender and receiver are drawn independently, either uniformly
 * ({@code transfers-uniform}) or from a Zipf law over the account index ({@code transfers-zipf}:
 * account {@code FIRST_ACCOUNT + r} has rank {@code r}, so the hottest accounts are the lowest ids).
 * Amounts are 1 .. 10^15, far below any balance: every transaction succeeds. No setup blocks.
 * One thread per instance.
 */
public final class TransferWorkload extends NoSetupWorkload {
    /** The first account id (ids below are system accounts: 0 burn, 1 fee collector). */
    public static final long FIRST_ACCOUNT = 16;
    /** Fee of every transfer, credited to {@code SerialExecutor.DEFAULT_FEE_COLLECTOR}. */
    public static final long FEE = 1;
    /** Largest transfer amount. */
    public static final long MAX_AMOUNT = 1_000_000_000_000_000L;

    private final String name;
    private final int accounts;
    private final ZipfSampler zipf;
    private final SplittableRandom random;
    private final long[] nonces;
    private final BlockEncoder block = new BlockEncoder();
    private final InstructionEncoder tx = new InstructionEncoder();
    private final GenesisWriter genesis = new GenesisWriter();

    /**
     * @param name     the name reported by {@link #name()}
     * @param accounts number of funded accounts
     * @param zipf     the Zipf sampler over {@code accounts} ranks, or null for uniform draws
     * @param seed     the seed
     */
    public TransferWorkload(final String name, final int accounts, final ZipfSampler zipf, final long seed) {
        if (zipf != null && zipf.size() != accounts) {
            throw new IllegalArgumentException("Zipf sampler has " + zipf.size() + " ranks, not " + accounts);
        }
        this.name = name;
        this.accounts = accounts;
        this.zipf = zipf;
        this.random = new SplittableRandom(seed);
        this.nonces = new long[accounts];
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long stateEntries() {
        return accounts + accounts / 4 + 1024;
    }

    /** @return the longest transaction plus its entry prefix in the block */
    @Override
    public int maxTxBytes() {
        return BlockDescriptor.ENTRY_PREFIX + TxDescriptor.length(AccountsInstructions.TRANSFER_LENGTH);
    }

    @Override
    public long writeGenesis(final StateStore store, final MutableDirectBuffer rootOut, final int rootOffset) {
        genesis.begin(store);
        for (int i = 0; i < accounts; i++) {
            genesis.account(FIRST_ACCOUNT + i, Amounts.E30_HI, Amounts.E30_LO);
        }
        return genesis.seal(rootOut, rootOffset);
    }

    @Override
    public int encodeBlock(final long height, final long timestamp, final DirectBuffer parentRoot, final int rootOffset,
            final MutableDirectBuffer out, final int outOffset, final int txs) {
        block.wrap(out, outOffset, height, timestamp, parentRoot, rootOffset);
        for (int n = 0; n < txs; n++) {
            final int sender = draw();
            final int receiver = draw();
            tx.begin(block.beginTx(), FIRST_ACCOUNT + sender, nonces[sender]++, FEE)
                    .coinTransfer(FIRST_ACCOUNT + receiver, 0, 1 + random.nextLong(MAX_AMOUNT));
            block.commitTx();
        }
        return block.length();
    }

    private int draw() {
        return zipf == null ? random.nextInt(accounts) : zipf.sample(random);
    }
}

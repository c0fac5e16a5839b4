package io.multilane.exec.context;

import io.multilane.exec.program.Program;
import io.multilane.exec.program.ProgramAccounts;
import io.multilane.exec.program.ProgramRegistry;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.sig.SignedPayload;
import io.multilane.exec.sig.TxVerifier;
import io.multilane.exec.tx.TxFlyweight;
import io.multilane.state.StateReader;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.record.AccountDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Runs one transaction against a state view and leaves its outcome in a {@link RecordingTxContext},
 * without touching any store: framing and argument checks, optional signature check, the envelope
 * (sender exists and is not a program account, the key is the account's when signatures are verified,
 * the nonce is exactly the account's, fee payable; then fee debit to the fee collector by credit and
 * nonce bump), then the program. A failure keeps only the envelope's effects; a rejection keeps none. Exceptions never
 * escape: a throwing program is a {@code PROGRAM_FAULT} failure (a lane should re-execute it at commit).
 *
 * <p>The serial executor and the lanes share this class, so both run exactly the same code. After a
 * credit overflow at commit, {@link #onCommitOverflow()} downgrades the outcome. Owned by one thread.
 */
public final class TxProcessor {
    private final ProgramRegistry programs;
    private final long feeCollector;
    private final boolean verifySignatures;
    private final boolean bindKeys;
    private final TxFlyweight tx = new TxFlyweight();
    private final RecordingTxContext ctx = new RecordingTxContext();
    private final TxVerifier verifier;
    private final U128 fee = new U128();
    private final U128 balance = new U128();
    private int senderSlot;
    private int status;
    private int reason;
    private long feeCharged;

    /**
     * @param programs programs of this thread
     * @param feeCollector account credited with every fee
     * @param verifySignatures false for pre-verified blocks (signatures checked upstream, or not modelled)
     */
    public TxProcessor(final ProgramRegistry programs, final long feeCollector, final boolean verifySignatures) {
        this(programs, feeCollector, verifySignatures, SignedPayload.DEFAULT_CHAIN_ID);
    }

    /**
     * @param programs programs of this thread
     * @param feeCollector account credited with every fee
     * @param verifySignatures false for pre-verified blocks (signatures and key binding checked upstream, or not
     *                         modelled)
     * @param chainId the chain id signatures cover ({@link SignedPayload})
     */
    public TxProcessor(final ProgramRegistry programs, final long feeCollector, final boolean verifySignatures,
            final long chainId) {
        this(programs, feeCollector, verifySignatures, verifySignatures, chainId);
    }

    /**
     * @param programs programs of this thread
     * @param feeCollector account credited with every fee
     * @param verifySignatures whether to verify Ed25519 signatures here (false: verified upstream, or not modelled)
     * @param bindKeys whether the carried key must be the sender account's (true on every chain that verifies
     *                 signatures, also where this processor skips the signature itself: the binding is state)
     * @param chainId the chain id signatures cover ({@link SignedPayload})
     */
    public TxProcessor(final ProgramRegistry programs, final long feeCollector, final boolean verifySignatures,
            final boolean bindKeys, final long chainId) {
        this.programs = programs;
        this.feeCollector = feeCollector;
        this.verifySignatures = verifySignatures;
        this.bindKeys = bindKeys;
        this.verifier = verifySignatures ? new TxVerifier(chainId) : null;
    }

    /**
     * Processes one framed transaction.
     *
     * @param reader the state it reads
     * @param buffer buffer holding the transaction
     * @param offset its offset
     * @param length its framed length
     * @param height block height
     * @param timestamp block timestamp
     * @return the status ({@link TxStatus})
     */
    public int process(final StateReader reader, final DirectBuffer buffer, final int offset, final int length,
            final long height, final long timestamp) {
        feeCharged = 0;
        tx.wrap(buffer, offset, length);
        int r = tx.validate();
        if (r != ReasonCodes.NONE) {
            return reject(r);
        }
        final Program program = programs.get(tx.programId());
        if (program == null) {
            return reject(ReasonCodes.UNKNOWN_PROGRAM);
        }
        try {
            r = program.checkArgs(tx.instruction(), tx.buffer(), tx.argsOffset(), tx.argsLength());
        } catch (RuntimeException e) {
            r = ReasonCodes.BAD_ARGS;
        }
        if (r != ReasonCodes.NONE) {
            return reject(ReasonCodes.isRejection(r) ? r : ReasonCodes.BAD_ARGS);
        }
        if (verifySignatures) {
            r = verifier.verify(tx);
            if (r != ReasonCodes.NONE) {
                return reject(r);
            }
        }
        ctx.begin(reader, tx, height, timestamp);
        senderSlot = ctx.read(KeyType.ACCOUNT, tx.sender(), 0, 0);
        if (!ctx.exists(senderSlot)) {
            return reject(ReasonCodes.UNKNOWN_SENDER);
        }
        if (ProgramAccounts.isProgramAccount(ctx.records().getLong(ctx.recordOffset(senderSlot) + AccountDescriptor.FLAGS_OFFSET,
                java.nio.ByteOrder.LITTLE_ENDIAN))) {
            return reject(ReasonCodes.PROGRAM_ACCOUNT);
        }
        if (bindKeys && !keyBound(ctx.recordOffset(senderSlot))) {
            return reject(ReasonCodes.SENDER_KEY_MISMATCH);
        }
        fee.setUnsigned(tx.fee());
        balance.read(ctx.records(), ctx.recordOffset(senderSlot) + AccountDescriptor.BALANCE_OFFSET);
        if (balance.compareTo(fee) < 0) {
            return reject(ReasonCodes.FEE_UNPAYABLE);
        }
        // Exactly the next nonce, or nothing happens: a replayed or duplicated transaction pays no fee and does not
        // bump the nonce (which would void the sender's next real transaction).
        if (ctx.records().getLong(ctx.recordOffset(senderSlot) + AccountDescriptor.NONCE_OFFSET,
                java.nio.ByteOrder.LITTLE_ENDIAN) != tx.nonce()) {
            return reject(ReasonCodes.BAD_NONCE);
        }
        if (!chargeEnvelope()) {
            return reject(ReasonCodes.FEE_CREDIT_OVERFLOW);
        }
        try {
            r = program.execute(ctx);
        } catch (RuntimeException e) {
            r = ReasonCodes.PROGRAM_FAULT;
        }
        if (ctx.fault() != ReasonCodes.NONE) {
            r = ctx.fault();
        } else if (ReasonCodes.isRejection(r)) {
            r = ReasonCodes.PROGRAM_FAULT;
        }
        if (r == ReasonCodes.NONE) {
            return done(TxStatus.SUCCESS, ReasonCodes.NONE);
        }
        return failKeepingEnvelope(r);
    }

    /**
     * Called when applying the outcome hit a credit overflow: a success becomes a failure that keeps
     * only the envelope (apply again); a failure becomes a rejection (apply nothing).
     *
     * @return true if there is a new outcome to apply
     */
    public boolean onCommitOverflow() {
        if (status == TxStatus.SUCCESS) {
            return failKeepingEnvelope(ReasonCodes.CREDIT_OVERFLOW) == TxStatus.FAILED;
        }
        ctx.discardEffects();
        reject(ReasonCodes.FEE_CREDIT_OVERFLOW);
        return false;
    }

    private int failKeepingEnvelope(final int failure) {
        ctx.discardEffects();
        if (!chargeEnvelope()) {
            return reject(ReasonCodes.FEE_CREDIT_OVERFLOW);
        }
        return done(TxStatus.FAILED, failure);
    }

    /**
     * Whether the transaction's (verified) public key is the one bound to the sender's account: all 32 bytes equal,
     * and the account has a key at all (a record made by a credit to an id has none and can never send).
     */
    private boolean keyBound(final int accountAt) {
        final DirectBuffer records = ctx.records();
        final DirectBuffer bytes = tx.buffer();
        final int keyAt = tx.publicKeyOffset();
        long any = 0;
        for (int i = 0; i < AccountDescriptor.PUBLIC_KEY_LENGTH; i += 8) {
            final long stored = records.getLong(accountAt + AccountDescriptor.PUBLIC_KEY_OFFSET + i);
            if (stored != bytes.getLong(keyAt + i)) {
                return false;
            }
            any |= stored;
        }
        return any != 0;
    }

    /** Debits the fee, bumps the nonce and credits the fee collector; false if that credit overflowed. */
    private boolean chargeEnvelope() {
        final MutableDirectBuffer records = ctx.records();
        final int at = ctx.recordOffset(senderSlot);
        balance.read(records, at + AccountDescriptor.BALANCE_OFFSET);
        balance.sub(fee);
        balance.write(records, at + AccountDescriptor.BALANCE_OFFSET);
        final long nonce = records.getLong(at + AccountDescriptor.NONCE_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN);
        records.putLong(at + AccountDescriptor.NONCE_OFFSET, nonce + 1, java.nio.ByteOrder.LITTLE_ENDIAN);
        ctx.markWritten(senderSlot);
        if (!ctx.credit(KeyType.ACCOUNT, feeCollector, 0, fee)) {
            ctx.discardEffects();
            return false;
        }
        feeCharged = tx.fee();
        return true;
    }

    private int reject(final int why) {
        feeCharged = 0;
        return done(TxStatus.REJECTED, why);
    }

    private int done(final int s, final int why) {
        status = s;
        reason = why;
        if (s == TxStatus.REJECTED) {
            feeCharged = 0;
        }
        return s;
    }

    /** @return status of the last transaction */
    public int status() {
        return status;
    }

    /** @return reason code of the last transaction */
    public int reason() {
        return reason;
    }

    /** @return fee charged to the last transaction (0 if rejected) */
    public long feeCharged() {
        return feeCharged;
    }

    /** @return the context holding the last transaction's read set and effects (none if rejected) */
    public RecordingTxContext context() {
        return ctx;
    }

    /** @return the flyweight over the last transaction */
    public TxFlyweight tx() {
        return tx;
    }
}

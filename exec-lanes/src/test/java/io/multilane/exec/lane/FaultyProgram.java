package io.multilane.exec.lane;

import io.multilane.exec.context.RecordingTxContext;
import io.multilane.exec.program.Program;
import io.multilane.exec.program.ProgramRegistry;
import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.program.TxContext;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.testing.TestChain;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import org.agrona.DirectBuffer;

/**
 * A test program (id {@value #ID}): instruction {@value #CREDIT} credits one coin to the account in its
 * argument and emits an event, instruction {@value #CREDIT_MANY} credits one coin to each of the
 * {@value #MANY} accounts from the one in its argument (with the fee, a transaction's most credits), unless the instance was built to misbehave: then it throws a
 * {@link RuntimeException} (a program fault, which the processor turns into {@code PROGRAM_FAULT}) or an
 * {@link AssertionError} (which escapes the processor). Give lanes a misbehaving instance and the
 * committer and the oracle a sound one to show that a lane's failure never reaches a receipt. Holds scratch:
 * one instance per registry (thread).
 */
final class FaultyProgram implements Program {
    static final int ID = 61;
    static final int CREDIT = 1;
    static final int CREDIT_MANY = 2;
    /** Accounts {@value #CREDIT_MANY} credits: all the credits a transaction may make but the fee's. */
    static final int MANY = RecordingTxContext.MAX_CREDITS - 1;
    static final int ARGS = 8;

    /** How an instance behaves. */
    enum Mode {
        SOUND, THROWS, ERRS
    }

    private final Mode mode;
    private final U128 one = new U128().setUnsigned(1);

    private FaultyProgram(final Mode mode) {
        this.mode = mode;
    }

    /** @return the standard programs plus an instance of this one */
    static ProgramRegistry registry(final Mode mode) {
        return StandardPrograms.newRegistry().register(new FaultyProgram(mode));
    }

    /** Appends a {@value #CREDIT} transaction to the chain's open block. */
    static void credit(final TestChain chain, final long sender, final long fee, final long account) {
        chain.tx(sender, fee, ID, CREDIT, ARGS, t -> t.argU64(0, account));
    }

    /** Appends a {@value #CREDIT_MANY} transaction to the chain's open block. */
    static void creditMany(final TestChain chain, final long sender, final long fee, final long firstAccount) {
        chain.tx(sender, fee, ID, CREDIT_MANY, ARGS, t -> t.argU64(0, firstAccount));
    }

    @Override
    public int id() {
        return ID;
    }

    @Override
    public int checkArgs(final int instruction, final DirectBuffer args, final int argsOffset, final int argsLength) {
        if (instruction != CREDIT && instruction != CREDIT_MANY) {
            return ReasonCodes.UNKNOWN_INSTRUCTION;
        }
        return argsLength == ARGS ? ReasonCodes.NONE : ReasonCodes.BAD_ARGS;
    }

    @Override
    public int execute(final TxContext ctx) {
        if (mode == Mode.THROWS) {
            throw new IllegalStateException("faulty program: thrown on purpose");
        }
        if (mode == Mode.ERRS) {
            throw new AssertionError("faulty program: error on purpose");
        }
        final long account = ctx.argU64(0);
        if (ctx.instruction() == CREDIT_MANY) {
            for (int i = 0; i < MANY; i++) {
                ctx.credit(KeyType.ACCOUNT, account + i, 0, one);
            }
            return ReasonCodes.NONE;
        }
        ctx.credit(KeyType.ACCOUNT, account, 0, one);
        ctx.emit(CREDIT, account, 0, 0, one, null);
        return ReasonCodes.NONE;
    }
}

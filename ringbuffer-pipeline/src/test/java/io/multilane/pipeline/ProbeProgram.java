package io.multilane.pipeline;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.multilane.exec.lane.LaneExecutor;
import io.multilane.exec.program.Program;
import io.multilane.exec.program.ProgramRegistry;
import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.program.TxContext;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import org.agrona.DirectBuffer;

/**
 * A test program (id 60) that misbehaves on purpose in speculative lane executions only: it throws, or blocks
 * on a latch, where the serial oracle and the commit role run it normally (crediting one unit to the
 * account in its argument). Instruction 2 throws everywhere, instruction 4 throws a {@link ProbeError} everywhere.
 * Test code; one instance per thread.
 */
final class ProbeProgram implements Program {
    static final int ID = 60;
    static final int THROW_IN_LANES = 1;
    static final int THROW_ALWAYS = 2;
    static final int BLOCK_IN_LANES = 3;
    /** Throws a {@link java.lang.Error} everywhere (lanes, commit role, serial oracle). */
    static final int ERROR_ALWAYS = 4;
    static final int ARGS = 8;

    /** Lanes executing {@link #BLOCK_IN_LANES} wait for this. */
    static volatile CountDownLatch gate = new CountDownLatch(0);

    private final U128 one = new U128().setUnsigned(1);

    static ProgramRegistry registry() {
        return StandardPrograms.newRegistry().register(new ProbeProgram());
    }

    @Override
    public int id() {
        return ID;
    }

    @Override
    public int checkArgs(final int instruction, final DirectBuffer args, final int argsOffset, final int argsLength) {
        if (instruction < THROW_IN_LANES || instruction > ERROR_ALWAYS) {
            return ReasonCodes.UNKNOWN_INSTRUCTION;
        }
        return argsLength == ARGS ? ReasonCodes.NONE : ReasonCodes.BAD_ARGS;
    }

    @Override
    public int execute(final TxContext ctx) {
        // lanes also take the commit role: a lane's speculative execution is the one under LaneExecutor
        final boolean lane = StackWalker.getInstance().walk(
                frames -> frames.anyMatch(f -> f.getClassName().equals(LaneExecutor.class.getName())));
        switch (ctx.instruction()) {
            case THROW_IN_LANES:
                if (lane) {
                    throw new IllegalStateException("probe: thrown in a lane");
                }
                break;
            case THROW_ALWAYS:
                throw new IllegalStateException("probe: thrown everywhere");
            case ERROR_ALWAYS:
                throw new ProbeError();
            default:
                if (lane) {
                    try {
                        gate.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                break;
        }
        ctx.credit(KeyType.ACCOUNT, ctx.argU64(0), 0, one);
        return ReasonCodes.NONE;
    }

    /** The {@link Error} instruction {@link #ERROR_ALWAYS} throws. */
    static final class ProbeError extends Error {
        private static final long serialVersionUID = 1L;

        ProbeError() {
            super("probe: an Error thrown by a program");
        }
    }
}

package io.multilane.exec.program;

import org.agrona.DirectBuffer;

/**
 * One program family (accounts, tokens, AMM ...). A program is deterministic code that
 * touches state only through its {@link TxContext}: no clocks, randomness, floating point,
 * I/O or static mutable state, and every loop is bounded. It may hold preallocated scratch
 * (U128 holders, flyweights), so an instance belongs to one executing thread; registries
 * create one instance per thread.
 *
 * <p>The caller (serial executor or lane) has already checked the envelope (framing, signature,
 * sender, fee, nonce) and charged the fee and bumped the nonce in the context before
 * {@link #execute}. If {@code execute} returns a failure reason, the caller discards every
 * write, credit and event the program made; if it throws, the serial executor records
 * {@code PROGRAM_FAULT} and a lane re-executes at commit.
 */
public interface Program {
    /** @return this program's id ({@link ProgramIds}) */
    int id();

    /**
     * Stateless shape check of an instruction and its argument block, done before execution and
     * before any state is read (so a malformed transaction is rejected and changes nothing).
     *
     * @param instruction the instruction number
     * @param args buffer holding the arguments
     * @param argsOffset their offset
     * @param argsLength their length
     * @return {@code ReasonCodes.NONE}, {@code UNKNOWN_INSTRUCTION} or {@code BAD_ARGS}
     */
    int checkArgs(int instruction, DirectBuffer args, int argsOffset, int argsLength);

    /**
     * Executes the context's transaction.
     *
     * @param ctx the transaction's context
     * @return {@code ReasonCodes.NONE} on success, else a failure reason (100 and above)
     */
    int execute(TxContext ctx);
}

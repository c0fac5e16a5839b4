package io.multilane.exec.lane;

import static io.multilane.exec.tx.TxDescriptor.ORDER;

import io.multilane.exec.program.ProgramIds;
import io.multilane.exec.program.amm.AmmInstructions;
import io.multilane.exec.program.tokens.TokensInstructions;
import io.multilane.exec.program.wasm.WasmInstructions;
import io.multilane.exec.tx.TxDescriptor;
import org.agrona.DirectBuffer;

/**
 * Routes a transaction to a lane: a pure function of its bytes (never of state or timing). The
 * routing key is the transaction's most contended key, so that transactions that conflict usually
 * meet inside one lane, where the lane's overlay makes them validate:
 *
 * <ul>
 *   <li>AMM: the pool (create, add, remove) or the first pool of a swap path;</li>
 *   <li>lending and staking: the market or staking pool (their first argument);</li>
 *   <li>WebAssembly contracts: the contract (upload, deploy, call; create goes by the sender);</li>
 *   <li>tokens {@code transfer_from}: the owner whose balance is debited;</li>
 *   <li>everything else: the sender (its account and balances are what it debits).</li>
 * </ul>
 *
 * Malformed bytes route to key 0 and never throw. Stateless and allocation-free: any thread.
 */
public final class LaneRouter {
    private LaneRouter() {
    }

    /**
     * @param buffer buffer holding the transaction
     * @param offset its offset
     * @param length its framed length
     * @return the routing key (an account, pool or market id; 0 for unreadable bytes)
     */
    public static long routingKey(final DirectBuffer buffer, final int offset, final int length) {
        if (length < TxDescriptor.ARGS_OFFSET || offset < 0 || length > buffer.capacity() - offset) {
            return 0;
        }
        final int program = buffer.getShort(offset + TxDescriptor.PROGRAM_OFFSET, ORDER) & 0xFFFF;
        final int instruction = buffer.getShort(offset + TxDescriptor.INSTRUCTION_OFFSET, ORDER) & 0xFFFF;
        final int args = offset + TxDescriptor.ARGS_OFFSET;
        final int argsLength = length - TxDescriptor.ARGS_OFFSET;
        final long sender = buffer.getLong(offset + TxDescriptor.SENDER_OFFSET, ORDER);
        switch (program) {
            case ProgramIds.AMM:
                if (instruction == AmmInstructions.SWAP_EXACT_IN) {
                    return argsLength >= AmmInstructions.SWAP_PATH + 8
                            ? buffer.getLong(args + AmmInstructions.SWAP_PATH, ORDER) : sender;
                }
                return argsLength >= 8 ? buffer.getLong(args, ORDER) : sender;
            case ProgramIds.LENDING:
            case ProgramIds.STAKING:
                return argsLength >= 8 ? buffer.getLong(args, ORDER) : sender;
            case ProgramIds.WASM:
                return instruction != WasmInstructions.CREATE && argsLength >= 8 ? buffer.getLong(args, ORDER) : sender;
            case ProgramIds.TOKENS:
                if (instruction == TokensInstructions.TRANSFER_FROM
                        && argsLength >= TokensInstructions.TRANSFER_FROM_OWNER + 8) {
                    return buffer.getLong(args + TokensInstructions.TRANSFER_FROM_OWNER, ORDER);
                }
                return sender;
            default:
                return sender;
        }
    }

    /**
     * @param routingKey a key from {@link #routingKey}
     * @param lanes lane count (at least 1)
     * @return the lane, in {@code [0, lanes)}
     */
    public static int lane(final long routingKey, final int lanes) {
        long h = routingKey * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return (int) Long.remainderUnsigned(h, lanes);
    }

    /**
     * @param buffer buffer holding the transaction
     * @param offset its offset
     * @param length its framed length
     * @param lanes lane count
     * @return the lane that executes it
     */
    public static int route(final DirectBuffer buffer, final int offset, final int length, final int lanes) {
        // one lane: nothing to choose, so the transaction's bytes are not read
        return lanes == 1 ? 0 : lane(routingKey(buffer, offset, length), lanes);
    }
}

package io.multilane.exec.program.wasm;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.multilane.exec.program.TxContext;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.record.AccountDescriptor;
import io.multilane.state.record.TokenBalanceDescriptor;
import org.agrona.MutableDirectBuffer;

/**
 * The host functions of {@link HostApi}, bound to the transaction running now. Every state access
 * goes through the {@link TxContext}: storage slots are {@code CONTRACT_SLOT(contract, slot)} records
 * (a contract names only its own), transfers debit the contract's custody (never anyone else) and
 * credit the receiver, deposits were moved in by the call before the contract runs. Every pointer
 * range is checked against the memory; a bad one ends the call with {@code host_pointer}. Each host
 * call costs gas ({@link #HOST_GAS} and more for state), taken from the instance's gas global.
 *
 * <p>A host call that must end the contract records the reason and throws the preallocated
 * {@link HostTrap}; the program reads {@link #fault()}. One instance per executing thread (it holds
 * scratch holders and the current call); allocation-free except the results array Chicory's handle
 * signature requires, which is reused.
 */
final class ContractHost {
    /** Gas of any host call. */
    static final long HOST_GAS = 20;
    /** Extra gas of a storage read or a custody balance read. */
    static final long READ_GAS = 100;
    /** Extra gas of a storage write. */
    static final long WRITE_GAS = 200;
    /** Extra gas of a transfer. */
    static final long TRANSFER_GAS = 300;
    /** Extra gas of an event. */
    static final long EMIT_GAS = 100;

    /** Thrown through Chicory to end a call; the reason is in {@link #fault()}. */
    static final class HostTrap extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HostTrap() {
            super("host trap", null, false, false);
        }
    }

    private final HostTrap trap = new HostTrap();
    private final ImportValues imports;
    private final long[] result = new long[1];
    private final U128 a = new U128();
    private final U128 b = new U128();
    private final U128 c = new U128();
    private final U128 balance = new U128();
    private TxContext ctx;
    private long contract;
    private long custody;
    private GlobalInstance gas;
    private Memory memory;
    private int keyBudget;
    private long keyMask;
    private int fault;

    ContractHost() {
        final HostFunction[] functions = new HostFunction[HostApi.count()];
        for (int i = 0; i < functions.length; i++) {
            functions[i] = new HostFunction(HostApi.MODULE, HostApi.name(i), type(HostApi.signature(i)), new Handle(i));
        }
        imports = ImportValues.builder().addFunction(functions).build();
    }

    private static FunctionType type(final String signature) {
        final int arrow = signature.indexOf('>');
        return FunctionType.of(valTypes(signature.substring(0, arrow)), valTypes(signature.substring(arrow + 1)));
    }

    private static ValType[] valTypes(final String s) {
        final ValType[] types = new ValType[s.length()];
        for (int i = 0; i < types.length; i++) {
            types[i] = s.charAt(i) == 'i' ? ValType.I32 : ValType.I64;
        }
        return types;
    }

    /** @return the imports every contract instance on this thread is built with */
    ImportValues imports() {
        return imports;
    }

    /**
     * Binds the host to a call.
     *
     * @param context the transaction's context
     * @param contractId the contract being called
     * @param custodyAccount the contract's custody account
     * @param gasGlobal the instance's gas global
     * @param contractMemory the instance's memory, or null
     * @param keys distinct keys the call may touch (deposits included)
     */
    void begin(final TxContext context, final long contractId, final long custodyAccount, final GlobalInstance gasGlobal,
            final Memory contractMemory, final int keys) {
        this.memory = contractMemory;
        this.ctx = context;
        this.contract = contractId;
        this.custody = custodyAccount;
        this.gas = gasGlobal;
        this.keyBudget = keys;
        this.keyMask = 0;
        this.fault = ReasonCodes.NONE;
    }

    /** @return the reason a host call ended the contract with, or {@code NONE} */
    int fault() {
        return fault;
    }

    /**
     * Reads a key through the context and counts it against the call's key budget.
     *
     * @return the slot, or -1 after recording {@code too_many_keys}
     */
    int read(final KeyType type, final long id1, final long id2) {
        final int slot = ctx.read(type, id1, id2, 0);
        keyMask |= 1L << slot;
        if (Long.bitCount(keyMask) > keyBudget) {
            fault = ReasonCodes.TOO_MANY_KEYS;
            return -1;
        }
        return slot;
    }

    /**
     * Moves {@code amount} of a token (or of coin, {@code token} = -1) from {@code from} to {@code to}.
     *
     * @return {@code NONE}, {@code INSUFFICIENT_BALANCE}, {@code OVERFLOW} or {@code TOO_MANY_KEYS}
     */
    int transfer(final long token, final long from, final long to, final U128 amount) {
        if (amount.isZero()) {
            return ReasonCodes.NONE;
        }
        final boolean coin = token == -1;
        final KeyType type = coin ? KeyType.ACCOUNT : KeyType.TOKEN_BALANCE;
        final int slot = coin ? read(type, from, 0) : read(type, token, from);
        if (slot < 0) {
            return ReasonCodes.TOO_MANY_KEYS;
        }
        final MutableDirectBuffer records = ctx.records();
        final int at = ctx.recordOffset(slot) + (coin ? AccountDescriptor.BALANCE_OFFSET : TokenBalanceDescriptor.BALANCE_OFFSET);
        balance.read(records, at);
        if (!balance.sub(amount)) {
            return ReasonCodes.INSUFFICIENT_BALANCE;
        }
        balance.write(records, at);
        ctx.markWritten(slot);
        if (!(coin ? ctx.credit(type, to, 0, amount) : ctx.credit(type, token, to, amount))) {
            return ReasonCodes.OVERFLOW;
        }
        return ReasonCodes.NONE;
    }

    private long[] call(final int function, final Instance instance, final long[] args) {
        charge(HOST_GAS);
        switch (function) {
            case HostApi.STORAGE_READ: {
                charge(READ_GAS);
                final int ptr = pointer(memory, args[1], 32);
                final int slot = checked(read(KeyType.CONTRACT_SLOT, contract, args[0]));
                final int at = ctx.recordOffset(slot);
                for (int i = 0; i < 32; i += 8) {
                    memory.writeLong(ptr + i, ctx.records().getLong(at + i, java.nio.ByteOrder.LITTLE_ENDIAN));
                }
                return null;
            }
            case HostApi.STORAGE_WRITE: {
                charge(READ_GAS + WRITE_GAS);
                final int ptr = pointer(memory, args[1], 32);
                final int slot = checked(read(KeyType.CONTRACT_SLOT, contract, args[0]));
                final int at = ctx.recordOffset(slot);
                for (int i = 0; i < 32; i += 8) {
                    ctx.records().putLong(at + i, memory.readLong(ptr + i), java.nio.ByteOrder.LITTLE_ENDIAN);
                }
                ctx.markWritten(slot);
                return null;
            }
            case HostApi.CALLER:
                return one(ctx.sender());
            case HostApi.CONTRACT_ID:
                return one(contract);
            case HostApi.BLOCK_HEIGHT:
                return one(ctx.height());
            case HostApi.BLOCK_TIMESTAMP:
                return one(ctx.timestamp());
            case HostApi.DEPOSIT: {
                final int ptr = pointer(memory, args[1], 16);
                final int index = (int) args[0];
                if (index < 0 || index >= WasmInstructions.MAX_DEPOSITS) {
                    a.zero();
                    store(memory, ptr, a);
                    return one(0);
                }
                final int base = WasmInstructions.CALL_DEPOSITS + index * WasmInstructions.DEPOSIT_STRIDE;
                ctx.argU128(base + 8, a);
                store(memory, ptr, a);
                return one(ctx.argU64(base));
            }
            case HostApi.TOKEN_BALANCE: {
                charge(READ_GAS);
                final int ptr = pointer(memory, args[1], 16);
                final int slot = checked(read(KeyType.TOKEN_BALANCE, args[0], custody));
                a.read(ctx.records(), ctx.recordOffset(slot) + TokenBalanceDescriptor.BALANCE_OFFSET);
                store(memory, ptr, a);
                return null;
            }
            case HostApi.TOKEN_TRANSFER:
            case HostApi.COIN_TRANSFER: {
                charge(TRANSFER_GAS);
                final boolean coin = function == HostApi.COIN_TRANSFER;
                final int ptr = pointer(memory, args[coin ? 1 : 2], 16);
                load(memory, ptr, a);
                final int r = transfer(coin ? -1 : args[0], custody, args[coin ? 0 : 1], a);
                if (r == ReasonCodes.TOO_MANY_KEYS || r == ReasonCodes.OVERFLOW) {
                    return end(r);
                }
                return one(r);
            }
            case HostApi.EMIT: {
                charge(EMIT_GAS);
                load(memory, pointer(memory, args[3], 16), a);
                load(memory, pointer(memory, args[4], 16), b);
                ctx.emit(WasmInstructions.EVENT_CONTRACT_BASE + (int) (args[0] & 0xFFFF), args[1], args[2], contract, a, b);
                return null;
            }
            case HostApi.U128_ADD:
            case HostApi.U128_SUB:
            case HostApi.U128_MUL: {
                load(memory, pointer(memory, args[0], 16), a);
                load(memory, pointer(memory, args[1], 16), b);
                final int out = pointer(memory, args[2], 16);
                final boolean ok = function == HostApi.U128_ADD ? a.add(b) : function == HostApi.U128_SUB ? a.sub(b) : a.mul(b);
                if (ok) {
                    store(memory, out, a);
                }
                return one(ok ? 0 : 1);
            }
            case HostApi.U128_MUL_DIV: {
                load(memory, pointer(memory, args[0], 16), a);
                load(memory, pointer(memory, args[1], 16), b);
                load(memory, pointer(memory, args[2], 16), c);
                final int out = pointer(memory, args[3], 16);
                final boolean ok = balance.mulDiv(a, b, c);
                if (ok) {
                    store(memory, out, balance);
                }
                return one(ok ? 0 : 1);
            }
            case HostApi.U128_CMP: {
                load(memory, pointer(memory, args[0], 16), a);
                load(memory, pointer(memory, args[1], 16), b);
                return one(Integer.signum(a.compareTo(b)));
            }
            default:
                return end(ReasonCodes.PROGRAM_FAULT);
        }
    }

    private long[] one(final long v) {
        result[0] = v;
        return result;
    }

    private void charge(final long cost) {
        final long left = gas.getValue() - cost;
        gas.setValue(left);
        if (left < 0) {
            end(WasmReasons.OUT_OF_GAS);
        }
    }

    private int checked(final int slot) {
        if (slot < 0) {
            end(ReasonCodes.TOO_MANY_KEYS);
        }
        return slot;
    }

    private long[] end(final int reason) {
        if (fault == ReasonCodes.NONE) {
            fault = reason;
        }
        throw trap;
    }

    /** The i32 pointer {@code raw} as an offset with {@code length} bytes inside the memory, else ends the call. */
    private int pointer(final Memory memory, final long raw, final int length) {
        final long p = raw & 0xFFFFFFFFL;
        if (memory == null || p + length > (long) memory.pages() * Memory.PAGE_SIZE) {
            end(WasmReasons.HOST_POINTER);
        }
        return (int) p;
    }

    private static void load(final Memory memory, final int ptr, final U128 dst) {
        dst.set(memory.readLong(ptr + 8), memory.readLong(ptr));
    }

    private static void store(final Memory memory, final int ptr, final U128 v) {
        memory.writeLong(ptr, v.lo());
        memory.writeLong(ptr + 8, v.hi());
    }

    /** One host function's handle: dispatches to the host with its index. */
    private final class Handle implements WasmFunctionHandle {
        private final int function;

        Handle(final int function) {
            this.function = function;
        }

        @Override
        public long[] apply(final Instance instance, final long... args) {
            return call(function, instance, args);
        }
    }
}

package io.multilane.exec.program.wasm;

import static io.multilane.exec.program.wasm.WasmInstructions.CHUNK;

import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import com.dylibso.chicory.runtime.ExportFunction;
import io.multilane.exec.program.Ledger;
import io.multilane.exec.program.Program;
import io.multilane.exec.program.ProgramAccounts;
import io.multilane.exec.program.ProgramIds;
import io.multilane.exec.program.TxContext;
import io.multilane.exec.program.accounts.AccountsInstructions;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.record.AccountDescriptor;
import io.multilane.state.record.ContractDescriptor;
import io.multilane.state.record.SequenceDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Contracts users deploy as WebAssembly modules, run by Chicory (interpreted, or translated to JVM
 * bytecode). Deploying takes three instructions — {@code create} (the chain assigns the next contract
 * id and claims its custody account), {@code upload} (code chunks, by the owner) and {@code deploy}
 * (hash check, validation against the deterministic subset of {@link ModuleRewriter}, instantiation);
 * {@code call} moves up to two token deposits from the sender into the contract's custody and runs an
 * exported function with a gas limit the fee pays for.
 *
 * <p>The contract reaches state only through the {@link TxContext} (via {@link ContractHost}), so lanes
 * speculate on contract code and the commit stage validates it like any native program. A call that runs
 * out of gas, traps, nests too deep, passes a bad pointer or touches too many keys fails with its reason
 * and the executor keeps only fee and nonce. The outcome never depends on this thread's module cache: on a
 * miss the code chunks are read through the context too, and the key budget a contract gets
 * ({@code 45 - its chunks}) leaves room for them, so hit and miss end the same way.
 *
 * <p>One instance per executing thread (registries create one per thread): it holds the thread's module
 * cache ({@link #CACHE_CAPACITY} modules, least recently used evicted), host and scratch.
 */
public final class WasmProgram implements Program {
    /** Modules kept per thread. */
    public static final int CACHE_CAPACITY = 32;
    /** Keys every call reads before the contract runs: the sender (envelope) and the contract record. */
    private static final int FIXED_KEYS = 2;
    /** The context's key limit, less one so the contract's over-budget read never trips the context's own fault. */
    private static final int KEY_ROOM = 48 - 1;

    private final boolean compiled;
    private final ContractHost host = new ContractHost();
    private final ContractCache cache;
    private final byte[] code = new byte[WasmInstructions.MAX_CODE_LENGTH];
    private final byte[] digest = new byte[32];
    private final MessageDigest sha256;
    private final long[][] argv = new long[WasmInstructions.MAX_CALL_ARGS + 1][];
    private final U128 amount = new U128();
    private long misses;

    /** A program that translates contracts to JVM bytecode. */
    public WasmProgram() {
        this(true);
    }

    /**
     * @param compiled translate contracts to JVM bytecode (else interpret them)
     */
    public WasmProgram(final boolean compiled) {
        this(compiled, CACHE_CAPACITY);
    }

    /**
     * @param compiled translate contracts to JVM bytecode (else interpret them)
     * @param cacheCapacity modules kept on this thread
     */
    public WasmProgram(final boolean compiled, final int cacheCapacity) {
        this.compiled = compiled;
        this.cache = new ContractCache(cacheCapacity);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (int n = 0; n < argv.length; n++) {
            argv[n] = new long[n];
        }
    }

    @Override
    public int id() {
        return ProgramIds.WASM;
    }

    /**
     * Does what deploy does to a module, off chain: parses, checks the deterministic subset, instruments,
     * instantiates (and compiles). For tools and the deploy-cost benchmark; allocates.
     *
     * @param module module bytes
     * @param compiled translate to JVM bytecode (else interpret)
     * @return {@code NONE}, or the reason deploy would fail with
     */
    public static int check(final byte[] module, final boolean compiled) {
        if (module.length < WasmInstructions.MIN_CODE_LENGTH || module.length > WasmInstructions.MAX_CODE_LENGTH) {
            return ReasonCodes.BAD_ARGS;
        }
        try {
            LoadedContract.load(module, module.length, new ContractHost().imports(), compiled);
            return ReasonCodes.NONE;
        } catch (ModuleRejectedException e) {
            return e.reason();
        }
    }

    /** @return module loads (deploys and cache misses) on this thread so far */
    public long moduleLoads() {
        return misses;
    }

    @Override
    public int checkArgs(final int instruction, final DirectBuffer args, final int offset, final int length) {
        switch (instruction) {
            case WasmInstructions.CREATE: {
                if (length != WasmInstructions.CREATE_LENGTH) {
                    return ReasonCodes.BAD_ARGS;
                }
                final long codeLength = args.getLong(offset + WasmInstructions.CREATE_CODE_LENGTH, ByteOrder.LITTLE_ENDIAN);
                return codeLength >= WasmInstructions.MIN_CODE_LENGTH && codeLength <= WasmInstructions.MAX_CODE_LENGTH
                        ? ReasonCodes.NONE : ReasonCodes.BAD_ARGS;
            }
            case WasmInstructions.UPLOAD: {
                if (length < WasmInstructions.UPLOAD_BYTES) {
                    return ReasonCodes.BAD_ARGS;
                }
                final int count = args.getInt(offset + WasmInstructions.UPLOAD_COUNT, ByteOrder.LITTLE_ENDIAN);
                return count >= 1 && count <= WasmInstructions.UPLOAD_MAX_CHUNKS
                        && length == WasmInstructions.uploadLength(count)
                        && validContract(args.getLong(offset + WasmInstructions.UPLOAD_CONTRACT, ByteOrder.LITTLE_ENDIAN))
                        ? ReasonCodes.NONE : ReasonCodes.BAD_ARGS;
            }
            case WasmInstructions.DEPLOY:
                return length == WasmInstructions.DEPLOY_LENGTH
                        && validContract(args.getLong(offset + WasmInstructions.DEPLOY_CONTRACT, ByteOrder.LITTLE_ENDIAN))
                        ? ReasonCodes.NONE : ReasonCodes.BAD_ARGS;
            case WasmInstructions.CALL:
                return checkCall(args, offset, length);
            default:
                return ReasonCodes.UNKNOWN_INSTRUCTION;
        }
    }

    private static boolean validContract(final long contract) {
        return contract > 0 && contract <= ContractIds.MAX_CONTRACT_ID;
    }

    private static int checkCall(final DirectBuffer args, final int offset, final int length) {
        if (length < WasmInstructions.CALL_ARGS) {
            return ReasonCodes.BAD_ARGS;
        }
        final long argcWord = args.getLong(offset + WasmInstructions.CALL_ARGC, ByteOrder.LITTLE_ENDIAN);
        final long gas = args.getLong(offset + WasmInstructions.CALL_GAS_LIMIT, ByteOrder.LITTLE_ENDIAN);
        if ((argcWord >>> 8) != 0 || argcWord > WasmInstructions.MAX_CALL_ARGS
                || length != WasmInstructions.callLength((int) argcWord)
                || !validContract(args.getLong(offset + WasmInstructions.CALL_CONTRACT, ByteOrder.LITTLE_ENDIAN))
                || gas <= 0 || gas > WasmInstructions.MAX_GAS) {
            return ReasonCodes.BAD_ARGS;
        }
        for (int d = 0; d < WasmInstructions.MAX_DEPOSITS; d++) {
            final int at = offset + WasmInstructions.CALL_DEPOSITS + d * WasmInstructions.DEPOSIT_STRIDE;
            if (args.getLong(at, ByteOrder.LITTLE_ENDIAN) == 0
                    && (args.getLong(at + 8, ByteOrder.LITTLE_ENDIAN) | args.getLong(at + 16, ByteOrder.LITTLE_ENDIAN)) != 0) {
                return ReasonCodes.BAD_ARGS;
            }
        }
        boolean ended = false;
        for (int i = 0; i < WasmInstructions.FUNCTION_NAME_LENGTH; i++) {
            final int c = args.getByte(offset + WasmInstructions.CALL_FUNCTION + i) & 0xFF;
            if (c == 0) {
                ended = true;
            } else if (ended || c > 0x7E || c < 0x21) {
                return ReasonCodes.BAD_ARGS;
            }
        }
        return (args.getByte(offset + WasmInstructions.CALL_FUNCTION) != 0) ? ReasonCodes.NONE : ReasonCodes.BAD_ARGS;
    }

    @Override
    public int execute(final TxContext ctx) {
        switch (ctx.instruction()) {
            case WasmInstructions.CREATE:
                return create(ctx);
            case WasmInstructions.UPLOAD:
                return upload(ctx);
            case WasmInstructions.DEPLOY:
                return deploy(ctx);
            case WasmInstructions.CALL:
                return call(ctx);
            default:
                return ReasonCodes.INVALID_ARGUMENT;
        }
    }

    private int create(final TxContext ctx) {
        final int counter = ctx.read(KeyType.CONTRACT, ContractDescriptor.COUNTER_ID, 0, 0);
        final long id = Ledger.getU64(ctx, counter, ContractDescriptor.LAST_ID_OFFSET) + 1;
        if (!validContract(id)) {
            return ReasonCodes.OVERFLOW;
        }
        Ledger.putU64(ctx, counter, ContractDescriptor.LAST_ID_OFFSET, id);
        ctx.markWritten(counter);
        final int contract = ctx.read(KeyType.CONTRACT, id, 0, 0);
        final int sequence = ctx.read(KeyType.SEQUENCE, SequenceDescriptor.ACCOUNT_IDS, 0, 0);
        final long assigned = Ledger.getU64(ctx, sequence, SequenceDescriptor.ASSIGNED_OFFSET);
        final long custody = AccountsInstructions.ASSIGNED_IDS | assigned;
        if (AccountsInstructions.isAssigned(assigned)) {
            return ReasonCodes.OVERFLOW;
        }
        Ledger.putU64(ctx, sequence, SequenceDescriptor.ASSIGNED_OFFSET, assigned + 1);
        ctx.markWritten(sequence);
        final int account = ctx.read(KeyType.ACCOUNT, custody, 0, 0);
        if (ctx.exists(contract) || ctx.exists(account)) {
            return ReasonCodes.ALREADY_EXISTS; // only an inconsistent speculative read gets here
        }
        Ledger.putU64(ctx, account, AccountDescriptor.FLAGS_OFFSET,
                AccountsInstructions.FLAG_CREATED | ProgramAccounts.FLAG_PROGRAM);
        ctx.markWritten(account);
        final MutableDirectBuffer records = ctx.records();
        final int at = ctx.recordOffset(contract);
        for (int i = 0; i < ContractDescriptor.CODE_HASH_LENGTH; i += 8) {
            records.putLong(at + ContractDescriptor.CODE_HASH_OFFSET + i, ctx.argU64(WasmInstructions.CREATE_CODE_HASH + i),
                    ByteOrder.LITTLE_ENDIAN);
        }
        final long codeLength = ctx.argU64(WasmInstructions.CREATE_CODE_LENGTH);
        Ledger.putU64(ctx, contract, ContractDescriptor.CODE_LENGTH_OFFSET, codeLength);
        Ledger.putU64(ctx, contract, ContractDescriptor.OWNER_OFFSET, ctx.sender());
        Ledger.putU64(ctx, contract, ContractDescriptor.FLAGS_OFFSET, ContractDescriptor.FLAG_CREATED);
        Ledger.putU64(ctx, contract, ContractDescriptor.CUSTODY_OFFSET, custody);
        ctx.markWritten(contract);
        ctx.emit(WasmInstructions.EVENT_CREATED, id, ctx.sender(), codeLength, null, null);
        return ReasonCodes.NONE;
    }

    /** Reads the contract record and checks it is the sender's and not yet deployed; returns its slot or -reason. */
    private static int ownedUndeployed(final TxContext ctx, final long id) {
        final int contract = ctx.read(KeyType.CONTRACT, id, 0, 0);
        if (!ctx.exists(contract)) {
            return -ReasonCodes.NOT_FOUND;
        }
        if (Ledger.getU64(ctx, contract, ContractDescriptor.OWNER_OFFSET) != ctx.sender()) {
            return -ReasonCodes.UNAUTHORIZED;
        }
        if ((Ledger.getU64(ctx, contract, ContractDescriptor.FLAGS_OFFSET) & ContractDescriptor.FLAG_DEPLOYED) != 0) {
            return -WasmReasons.ALREADY_DEPLOYED;
        }
        return contract;
    }

    private int upload(final TxContext ctx) {
        final long id = ctx.argU64(WasmInstructions.UPLOAD_CONTRACT);
        final int contract = ownedUndeployed(ctx, id);
        if (contract < 0) {
            return -contract;
        }
        final long first = ctx.argU64(WasmInstructions.UPLOAD_FIRST_CHUNK) & 0xFFFFFFFFL;
        final int count = ctx.argU8(WasmInstructions.UPLOAD_COUNT);
        if (first + count > WasmInstructions.chunks(Ledger.getU64(ctx, contract, ContractDescriptor.CODE_LENGTH_OFFSET))) {
            return ReasonCodes.INVALID_ARGUMENT;
        }
        for (int k = 0; k < count; k++) {
            final int chunk = ctx.read(KeyType.CONTRACT_CODE, id, first + k, 0);
            final int at = ctx.recordOffset(chunk);
            for (int i = 0; i < CHUNK; i += 8) {
                ctx.records().putLong(at + i, ctx.argU64(WasmInstructions.UPLOAD_BYTES + k * CHUNK + i), ByteOrder.LITTLE_ENDIAN);
            }
            ctx.markWritten(chunk);
        }
        return ReasonCodes.NONE;
    }

    private int deploy(final TxContext ctx) {
        final long id = ctx.argU64(WasmInstructions.DEPLOY_CONTRACT);
        final int contract = ownedUndeployed(ctx, id);
        if (contract < 0) {
            return -contract;
        }
        final int r = readCode(ctx, id, contract);
        if (r != ReasonCodes.NONE) {
            return r;
        }
        if (cache.get(ctx.records(), ctx.recordOffset(contract) + ContractDescriptor.CODE_HASH_OFFSET) == null) {
            final int length = (int) Ledger.getU64(ctx, contract, ContractDescriptor.CODE_LENGTH_OFFSET);
            try {
                misses++;
                cache.put(ctx.records(), ctx.recordOffset(contract) + ContractDescriptor.CODE_HASH_OFFSET,
                        LoadedContract.load(code, length, host.imports(), compiled));
            } catch (ModuleRejectedException e) {
                return e.reason();
            }
        }
        final long flags = Ledger.getU64(ctx, contract, ContractDescriptor.FLAGS_OFFSET);
        Ledger.putU64(ctx, contract, ContractDescriptor.FLAGS_OFFSET, flags | ContractDescriptor.FLAG_DEPLOYED);
        ctx.markWritten(contract);
        ctx.emit(WasmInstructions.EVENT_DEPLOYED, id, ctx.sender(),
                Ledger.getU64(ctx, contract, ContractDescriptor.CODE_LENGTH_OFFSET), null, null);
        return ReasonCodes.NONE;
    }

    /** Reads every code chunk of a contract through the context into {@link #code} and checks the hash. */
    private int readCode(final TxContext ctx, final long id, final int contract) {
        final long length = Ledger.getU64(ctx, contract, ContractDescriptor.CODE_LENGTH_OFFSET);
        if (length < WasmInstructions.MIN_CODE_LENGTH || length > WasmInstructions.MAX_CODE_LENGTH) {
            return WasmReasons.CODE_MISMATCH; // only an inconsistent speculative read gets here
        }
        final int chunks = WasmInstructions.chunks(length);
        for (int c = 0; c < chunks; c++) {
            final int slot = ctx.read(KeyType.CONTRACT_CODE, id, c, 0);
            ctx.records().getBytes(ctx.recordOffset(slot), code, c * CHUNK, CHUNK);
        }
        sha256.reset();
        sha256.update(code, 0, (int) length);
        try {
            sha256.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            return WasmReasons.CODE_MISMATCH;
        }
        final DirectBuffer records = ctx.records();
        final int at = ctx.recordOffset(contract) + ContractDescriptor.CODE_HASH_OFFSET;
        for (int i = 0; i < digest.length; i++) {
            if (records.getByte(at + i) != digest[i]) {
                return WasmReasons.CODE_MISMATCH;
            }
        }
        return ReasonCodes.NONE;
    }

    private int call(final TxContext ctx) {
        final long id = ctx.argU64(WasmInstructions.CALL_CONTRACT);
        final long gasLimit = ctx.argU64(WasmInstructions.CALL_GAS_LIMIT);
        final long gasFee = (gasLimit + WasmInstructions.GAS_PER_FEE_UNIT - 1) / WasmInstructions.GAS_PER_FEE_UNIT;
        if (Long.compareUnsigned(ctx.fee(), gasFee) < 0) {
            return WasmReasons.FEE_BELOW_GAS;
        }
        final int contract = ctx.read(KeyType.CONTRACT, id, 0, 0);
        if (!ctx.exists(contract)
                || (Ledger.getU64(ctx, contract, ContractDescriptor.FLAGS_OFFSET) & ContractDescriptor.FLAG_DEPLOYED) == 0) {
            return WasmReasons.NOT_DEPLOYED;
        }
        final int hashAt = ctx.recordOffset(contract) + ContractDescriptor.CODE_HASH_OFFSET;
        final int chunks = WasmInstructions.chunks(Ledger.getU64(ctx, contract, ContractDescriptor.CODE_LENGTH_OFFSET));
        LoadedContract loaded = cache.get(ctx.records(), hashAt);
        if (loaded == null) {
            final int r = readCode(ctx, id, contract);
            if (r != ReasonCodes.NONE) {
                return r;
            }
            try {
                misses++;
                loaded = LoadedContract.load(code, (int) Ledger.getU64(ctx, contract, ContractDescriptor.CODE_LENGTH_OFFSET),
                        host.imports(), compiled);
            } catch (ModuleRejectedException e) {
                return e.reason();
            }
            cache.put(ctx.records(), hashAt, loaded);
        }
        final int function = loaded.function(ctx.argU64(WasmInstructions.CALL_FUNCTION),
                ctx.argU64(WasmInstructions.CALL_FUNCTION + 8), ctx.argU8(WasmInstructions.CALL_ARGC));
        if (function < 0) {
            return WasmReasons.UNKNOWN_FUNCTION;
        }
        final long custody = Ledger.getU64(ctx, contract, ContractDescriptor.CUSTODY_OFFSET);
        loaded.reset(gasLimit);
        host.begin(ctx, id, custody, loaded.gas(), loaded.memory(), KEY_ROOM - FIXED_KEYS - chunks);
        for (int d = 0; d < WasmInstructions.MAX_DEPOSITS; d++) {
            final int at = WasmInstructions.CALL_DEPOSITS + d * WasmInstructions.DEPOSIT_STRIDE;
            final long token = ctx.argU64(at);
            if (token != 0) {
                ctx.argU128(at + 8, amount);
                final int r = host.transfer(token, ctx.sender(), custody, amount);
                if (r != ReasonCodes.NONE) {
                    return r;
                }
            }
        }
        final long[] args = argv[ctx.argU8(WasmInstructions.CALL_ARGC)];
        for (int i = 0; i < args.length; i++) {
            args[i] = ctx.argU64(WasmInstructions.CALL_ARGS + 8 * i);
        }
        final long result;
        try {
            final ExportFunction export = loaded.export(function);
            result = export.apply(args)[0];
        } catch (RuntimeException e) {
            return failure(loaded);
        }
        if (result == 0) {
            return ReasonCodes.NONE;
        }
        return result > ReasonCodes.FAILURE_BASE && result < ReasonCodes.LENDING_BASE ? (int) result : WasmReasons.REVERTED;
    }

    /** Why a call that threw ended: a host fault, gas, call depth, or the contract's own trap. */
    private int failure(final LoadedContract loaded) {
        if (host.fault() != ReasonCodes.NONE) {
            return host.fault();
        }
        if (loaded.gas().getValue() < 0) {
            return WasmReasons.OUT_OF_GAS;
        }
        if (loaded.depth() > ModuleRewriter.MAX_CALL_DEPTH) {
            return WasmReasons.STACK_LIMIT;
        }
        return WasmReasons.TRAP;
    }
}

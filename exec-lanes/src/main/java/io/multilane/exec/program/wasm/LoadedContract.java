package io.multilane.exec.program.wasm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.ValType;

/**
 * A validated, instrumented contract module instantiated on one thread, ready to call: its callable
 * exports (name of at most 16 ASCII bytes, type {@code (i64 x n) -> i64}), and what {@link #reset}
 * needs to give every call the same starting state — the initial memory image (zeroed memory plus the
 * active data segments), the initial global values, a fresh gas budget and call depth 0. A call that grew
 * the memory makes the next reset build a new instance (a memory cannot shrink).
 *
 * <p>Building one is the deploy and cache-miss path (parses, compiles, allocates); {@link #reset} and
 * calling are the per-transaction path. Owned by the thread whose {@link ContractHost} it was built with.
 */
final class LoadedContract {
    private final WasmModule module;
    private final ImportValues imports;
    private final Function<Instance, Machine> machineFactory;
    private final int initialPages;
    private final int[] segmentOffsets;
    private final byte[][] segmentData;
    private final long[] globalInitial;
    private final int gasGlobal;
    private final long[] nameLo;
    private final long[] nameHi;
    private final int[] paramCounts;
    private final String[] names;
    private final ExportFunction[] functions;
    private Instance instance;
    private Memory memory;
    private GlobalInstance gas;

    private LoadedContract(final WasmModule module, final ImportValues imports, final Function<Instance, Machine> machineFactory,
            final int gasGlobal) throws ModuleRejectedException {
        this.module = module;
        this.imports = imports;
        this.machineFactory = machineFactory;
        this.gasGlobal = gasGlobal;
        this.initialPages = module.memorySection().isPresent() && module.memorySection().get().memoryCount() > 0
                ? module.memorySection().get().getMemory(0).limits().initialPages() : 0;
        final DataSegment[] segments = module.dataSection().dataSegments();
        final List<int[]> offsets = new ArrayList<>();
        final List<byte[]> data = new ArrayList<>();
        for (final DataSegment s : segments) {
            if (s instanceof ActiveDataSegment) {
                final List<Instruction> expr = ((ActiveDataSegment) s).offsetInstructions();
                if (expr.isEmpty() || expr.get(0).opcode() != OpCode.I32_CONST
                        || (expr.size() == 2 && expr.get(1).opcode() != OpCode.END) || expr.size() > 2) {
                    throw new ModuleRejectedException(WasmReasons.MODULE_LIMITS, "data segment offset is not a constant");
                }
                offsets.add(new int[] {(int) expr.get(0).operand(0)});
                data.add(s.data());
            }
        }
        segmentOffsets = new int[offsets.size()];
        segmentData = new byte[offsets.size()][];
        for (int i = 0; i < segmentOffsets.length; i++) {
            segmentOffsets[i] = offsets.get(i)[0];
            segmentData[i] = data.get(i);
        }
        build();
        globalInitial = new long[instance.globalCount()];
        for (int i = 0; i < globalInitial.length; i++) {
            globalInitial[i] = instance.global(i).getValue();
        }
        final List<String> callable = new ArrayList<>();
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            final Export e = module.exportSection().getExport(i);
            if (e.exportType() == ExternalType.FUNCTION && callable(e.name(), instance.exportType(e.name()))) {
                callable.add(e.name());
            }
        }
        final int n = callable.size();
        names = callable.toArray(new String[0]);
        nameLo = new long[n];
        nameHi = new long[n];
        paramCounts = new int[n];
        functions = new ExportFunction[n];
        for (int i = 0; i < n; i++) {
            final byte[] b = java.util.Arrays.copyOf(names[i].getBytes(StandardCharsets.US_ASCII),
                    WasmInstructions.FUNCTION_NAME_LENGTH);
            nameLo[i] = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0);
            nameHi[i] = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(8);
            paramCounts[i] = instance.exportType(names[i]).params().size();
        }
        bindFunctions();
    }

    private static boolean callable(final String name, final FunctionType type) {
        if (name.isEmpty() || name.length() > WasmInstructions.FUNCTION_NAME_LENGTH
                || !StandardCharsets.US_ASCII.newEncoder().canEncode(name) || name.indexOf('\0') >= 0) {
            return false;
        }
        if (type.params().size() > WasmInstructions.MAX_CALL_ARGS || type.returns().size() != 1
                || !type.returns().get(0).equals(ValType.I64)) {
            return false;
        }
        for (final ValType p : type.params()) {
            if (!p.equals(ValType.I64)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Validates, instruments and instantiates a module.
     *
     * @param code module bytes (only the first {@code length} count)
     * @param length module length
     * @param imports the thread's host imports
     * @param compiled translate to JVM bytecode (else interpret)
     * @return the loaded contract
     * @throws ModuleRejectedException if the module breaks a deploy rule
     */
    static LoadedContract load(final byte[] code, final int length, final ImportValues imports, final boolean compiled)
            throws ModuleRejectedException {
        final byte[] original = java.util.Arrays.copyOf(code, length);
        try {
            Parser.parse(original);
        } catch (RuntimeException | StackOverflowError e) {
            throw new ModuleRejectedException(WasmReasons.INVALID_MODULE, String.valueOf(e.getMessage()));
        }
        final ModuleRewriter.Result rewritten = ModuleRewriter.rewrite(original);
        final WasmModule module;
        try {
            module = Parser.parse(rewritten.bytes());
        } catch (RuntimeException e) {
            throw new ModuleRejectedException(WasmReasons.INVALID_MODULE, "instrumented: " + e.getMessage());
        }
        try {
            return new LoadedContract(module, imports, compiled ? MachineFactoryCompiler.compile(module) : null,
                    rewritten.gasGlobal());
        } catch (RuntimeException e) {
            throw new ModuleRejectedException(WasmReasons.UNKNOWN_IMPORT, "instantiation: " + e.getMessage());
        }
    }

    private void build() {
        Instance.Builder b = Instance.builder(module).withImportValues(imports).withStart(false)
                .withMemoryFactory(ByteArrayMemory::new);
        if (initialPages > 0 || module.memorySection().isPresent()) {
            b = b.withMemoryLimits(new MemoryLimits(initialPages, ModuleRewriter.MAX_PAGES));
        }
        if (machineFactory != null) {
            b = b.withMachineFactory(machineFactory);
        }
        instance = b.build();
        memory = instance.memory();
        gas = instance.global(gasGlobal);
    }

    private void bindFunctions() {
        for (int i = 0; i < names.length; i++) {
            functions[i] = instance.export(names[i]);
        }
    }

    /**
     * Gives the instance its starting state for a call.
     *
     * @param gasLimit the call's gas
     */
    void reset(final long gasLimit) {
        if (memory != null && memory.pages() != initialPages) {
            build();
            bindFunctions();
        }
        if (memory != null) {
            memory.zero();
            for (int i = 0; i < segmentOffsets.length; i++) {
                memory.write(segmentOffsets[i], segmentData[i], 0, segmentData[i].length);
            }
        }
        for (int i = 0; i < globalInitial.length; i++) {
            instance.global(i).setValue(globalInitial[i]);
        }
        gas.setValue(gasLimit);
    }

    /**
     * @param lo first 8 bytes of the zero-padded name, little-endian
     * @param hi last 8 bytes
     * @param argc argument count
     * @return the function index, or -1 if no callable export has that name and arity
     */
    int function(final long lo, final long hi, final int argc) {
        for (int i = 0; i < nameLo.length; i++) {
            if (nameLo[i] == lo && nameHi[i] == hi && paramCounts[i] == argc) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param index from {@link #function}
     * @return the export to apply
     */
    ExportFunction export(final int index) {
        return functions[index];
    }

    /** @return the gas global of the current instance */
    GlobalInstance gas() {
        return gas;
    }

    /** @return the call-depth global's value */
    long depth() {
        return instance.global(gasGlobal + 1).getValue();
    }

    /** @return the memory of the current instance, or null */
    Memory memory() {
        return memory;
    }
}

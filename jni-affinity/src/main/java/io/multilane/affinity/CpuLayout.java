package io.multilane.affinity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Assigns each engine thread's {@link CpuRole} a set of CPUs: the ingress translator, the commit stage and
 * every execution lane. Built from the defaults for the CPUs the process may use, optionally overridden by
 * a configuration string such as {@code lane0=0,lane1=1,commit=1,ingress=0}.
 *
 * <p>Defaults, over the allowed CPUs {@code c0 < c1 < ... < c(n-1)} (lanes are dealt one CPU each from
 * the lane pool, round-robin: lane {@code i} gets the pool's {@code (i mod size)}-th CPU):
 * <ul>
 *   <li>1 CPU: everything on {@code c0}.</li>
 *   <li>2 CPUs: ingress {@code c0}, commit {@code c1}, lanes over {@code c0,c1} (lane 1 shares with commit:
 *       on two cores the lanes cannot have both to themselves, and lanes must run in parallel).</li>
 *   <li>3 to 7 CPUs: commit alone on {@code c(n-1)} (the serial stage of the pipeline), ingress {@code c0},
 *       lanes over {@code c0..c(n-2)}.</li>
 *   <li>8 CPUs or more: {@code c0} left to the OS and the JVM (interrupts, GC, JIT), ingress {@code c1},
 *       commit {@code c(n-1)}, lanes over {@code c2..c(n-2)}.</li>
 * </ul>
 * The defaults ignore topology (hyper-thread siblings, NUMA nodes); override them where it matters.
 *
 * <p>Configuration grammar: entries {@code role=cpus} separated by {@code ,} or {@code ;}. A role is
 * {@code ingress}, {@code commit}, {@code laneN} (lane N alone) or {@code lanes} (the pool dealt to lanes
 * without a {@code laneN} entry); {@code cpus} is a CPU list in the kernel format ({@code 2-5,8}: items
 * without {@code =} continue the previous entry's list) or {@code *} for every allowed CPU (the thread
 * floats). Roles not mentioned keep their default. Every CPU must be allowed.
 *
 * <p>Threading: immutable; build it on any thread and share it with the engine's threads.
 * {@link #cpusFor(CpuRole)} allocates nothing.
 */
public final class CpuLayout {
    /** System property read by {@link #fromSystemProperties()}: a configuration string as above. */
    public static final String PROPERTY = "multilane.affinity.layout";
    /** From this many allowed CPUs on, the defaults leave the first one to the OS and JVM. */
    public static final int HOUSEKEEPING_CPUS_FROM = 8;

    private static final String ALL = "*";
    private static final String LANES = "lanes";

    private final CpuSet allowed;
    private final CpuSet ingress;
    private final CpuSet commit;
    private final CpuSet lanePool;
    private final CpuSet[] poolSingles;
    private final Map<Integer, CpuSet> laneOverrides;

    private CpuLayout(final CpuSet allowed, final CpuSet ingress, final CpuSet commit, final CpuSet lanePool,
        final Map<Integer, CpuSet> laneOverrides) {
        this.allowed = allowed;
        this.ingress = ingress;
        this.commit = commit;
        this.lanePool = lanePool;
        this.poolSingles = new CpuSet[lanePool.size()];
        int i = 0;
        for (int cpu = lanePool.first(); cpu >= 0; cpu = lanePool.next(cpu + 1)) {
            poolSingles[i++] = CpuSet.of(cpu);
        }
        this.laneOverrides = Collections.unmodifiableMap(new TreeMap<>(laneOverrides));
    }

    /** The defaults for the CPUs this process may use ({@link Affinity#allowedCpus()}). */
    public static CpuLayout defaults() {
        return defaultFor(Affinity.allowedCpus());
    }

    /**
     * The defaults (see the class comment) for the given allowed CPUs.
     *
     * @throws IllegalArgumentException if {@code allowed} is empty
     */
    public static CpuLayout defaultFor(final CpuSet allowed) {
        final int n = allowed.size();
        if (n == 0) {
            throw new IllegalArgumentException("no CPU to lay out");
        }
        if (n == 1) {
            return new CpuLayout(allowed, allowed, allowed, allowed, Map.of());
        }
        final int first = allowed.first();
        final CpuSet commit = CpuSet.of(allowed.last());
        if (n == 2) {
            return new CpuLayout(allowed, CpuSet.of(first), commit, allowed, Map.of());
        }
        if (n < HOUSEKEEPING_CPUS_FROM) {
            return new CpuLayout(allowed, CpuSet.of(first), commit, allowed.minus(commit), Map.of());
        }
        final CpuSet ingress = CpuSet.of(allowed.get(1));
        final CpuSet lanes = allowed.minus(CpuSet.of(first, allowed.get(1), allowed.last()));
        return new CpuLayout(allowed, ingress, commit, lanes, Map.of());
    }

    /** {@link #parse(String, CpuSet)} against the CPUs this process may use. */
    public static CpuLayout parse(final String spec) {
        return parse(spec, Affinity.allowedCpus());
    }

    /**
     * The defaults for {@code allowed}, overridden by the entries of {@code spec} (grammar in the class comment);
     * a blank {@code spec} gives the defaults.
     *
     * @throws IllegalArgumentException naming the entry, for an unknown or repeated role, an empty or malformed
     *         CPU list, or a CPU outside {@code allowed}
     */
    public static CpuLayout parse(final String spec, final CpuSet allowed) {
        final CpuLayout base = defaultFor(allowed);
        if (spec.isBlank()) {
            return base;
        }
        final Map<String, String> entries = entries(spec);
        CpuSet ingress = base.ingress;
        CpuSet commit = base.commit;
        CpuSet lanePool = base.lanePool;
        final Map<Integer, CpuSet> laneOverrides = new TreeMap<>();
        for (final Map.Entry<String, String> entry : entries.entrySet()) {
            final CpuRole role = LANES.equals(entry.getKey()) ? null : role(entry.getKey(), spec);
            final CpuSet cpus = cpus(entry.getKey(), entry.getValue(), allowed);
            if (role == null) {
                lanePool = cpus;
                continue;
            }
            switch (role.kind()) {
                case INGRESS:
                    ingress = cpus;
                    break;
                case COMMIT:
                    commit = cpus;
                    break;
                case LANE:
                    if (laneOverrides.put(role.lane(), cpus) != null) {
                        throw new IllegalArgumentException("role '" + role + "' appears twice in CPU layout '" + spec + "'");
                    }
                    break;
                default:
                    throw new IllegalStateException("unhandled role kind " + role.kind());
            }
        }
        return new CpuLayout(allowed, ingress, commit, lanePool, laneOverrides);
    }

    /** The layout from the system property {@value #PROPERTY}, or the defaults when it is unset or blank. */
    public static CpuLayout fromSystemProperties() {
        final String spec = System.getProperty(PROPERTY, "");
        return parse(spec);
    }

    /** The CPUs {@code role} runs on. Allocation-free. */
    public CpuSet cpusFor(final CpuRole role) {
        switch (role.kind()) {
            case INGRESS:
                return ingress;
            case COMMIT:
                return commit;
            case LANE:
                final CpuSet own = laneOverrides.isEmpty() ? null : laneOverrides.get(role.lane());
                return own != null ? own : poolSingles[role.lane() % poolSingles.length];
            default:
                throw new IllegalStateException("unhandled role kind " + role.kind());
        }
    }

    /** The CPUs the layout was built for (every CPU it assigns is among them). */
    public CpuSet allowed() {
        return allowed;
    }

    /** The pool lanes without their own entry are dealt from. */
    public CpuSet lanePool() {
        return lanePool;
    }

    /** Every role of an engine with {@code laneCount} lanes and its CPUs, as a configuration string. */
    public String describe(final int laneCount) {
        final StringBuilder sb = new StringBuilder();
        sb.append("ingress=").append(ingress).append(",commit=").append(commit);
        for (int i = 0; i < laneCount; i++) {
            sb.append(",lane").append(i).append('=').append(cpusFor(CpuRole.lane(i)));
        }
        return sb.toString();
    }

    /** The configuration string that {@link #parse(String, CpuSet)} turns back into this layout. */
    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder();
        sb.append("ingress=").append(ingress).append(",commit=").append(commit).append(",lanes=").append(lanePool);
        for (final Map.Entry<Integer, CpuSet> own : laneOverrides.entrySet()) {
            sb.append(",lane").append(own.getKey()).append('=').append(own.getValue());
        }
        return sb.toString();
    }

    @Override
    public boolean equals(final Object o) {
        if (!(o instanceof CpuLayout)) {
            return false;
        }
        final CpuLayout other = (CpuLayout) o;
        return allowed.equals(other.allowed) && ingress.equals(other.ingress) && commit.equals(other.commit)
            && lanePool.equals(other.lanePool) && laneOverrides.equals(other.laneOverrides);
    }

    @Override
    public int hashCode() {
        return Objects.hash(allowed, ingress, commit, lanePool, laneOverrides);
    }

    /** Splits {@code spec} into role to CPU-list text, keeping order; items without '=' extend the last list. */
    private static Map<String, String> entries(final String spec) {
        final Map<String, String> entries = new LinkedHashMap<>();
        String key = null;
        for (final String token : spec.split("[,;]", -1)) {
            final String item = token.strip();
            final int eq = item.indexOf('=');
            if (eq >= 0) {
                key = item.substring(0, eq).strip();
                if (entries.put(key, item.substring(eq + 1).strip()) != null) {
                    throw new IllegalArgumentException("role '" + key + "' appears twice in CPU layout '" + spec + "'");
                }
            } else if (key == null) {
                throw new IllegalArgumentException("CPU layout '" + spec + "' must start with role=cpus, not '" + item + "'");
            } else {
                entries.put(key, entries.get(key) + "," + item);
            }
        }
        return entries;
    }

    private static CpuRole role(final String name, final String spec) {
        try {
            return CpuRole.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + name + "' in CPU layout '" + spec
                + "' (roles: ingress, commit, laneN, lanes)", e);
        }
    }

    private static CpuSet cpus(final String role, final String list, final CpuSet allowed) {
        final CpuSet cpus;
        try {
            cpus = ALL.equals(list) ? allowed : CpuSet.parse(list);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CPU layout entry '" + role + "=" + list + "': " + e.getMessage(), e);
        }
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("CPU layout entry '" + role + "=" + list + "' names no CPU");
        }
        if (!allowed.containsAll(cpus)) {
            throw new IllegalArgumentException("CPU layout entry '" + role + "=" + list + "': "
                + AffinityException.outsideText(cpus, allowed));
        }
        return cpus;
    }
}

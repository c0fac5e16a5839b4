package io.multilane.affinity;

/**
 * A thread's role in the engine, the key of a {@link CpuLayout}: execution lane {@code i}
 * ({@code lane3}), the commit stage ({@code commit}) or the ingress translator ({@code ingress}).
 *
 * <p>Threading: an immutable value; any thread may create and share it.
 *
 * @param kind which kind of thread
 * @param lane the lane index for {@link Kind#LANE}, else 0
 */
public record CpuRole(Kind kind, int lane) {
    /** The commit stage: the single writer of committed state. */
    public static final CpuRole COMMIT = new CpuRole(Kind.COMMIT, 0);
    /** The ingress translator that publishes submitted transactions into the ring. */
    public static final CpuRole INGRESS = new CpuRole(Kind.INGRESS, 0);

    /** The kinds of engine thread. */
    public enum Kind {
        /** An execution lane. */
        LANE,
        /** The commit stage. */
        COMMIT,
        /** The ingress translator. */
        INGRESS
    }

    /** Validates the lane index. */
    public CpuRole {
        if (kind == null) {
            throw new IllegalArgumentException("role kind is null");
        }
        if (kind == Kind.LANE ? lane < 0 : lane != 0) {
            throw new IllegalArgumentException("lane index " + lane + " for a " + kind + " role");
        }
    }

    /** Execution lane {@code index} (0-based). */
    public static CpuRole lane(final int index) {
        return new CpuRole(Kind.LANE, index);
    }

    /**
     * Parses {@code laneN}, {@code commit} or {@code ingress} (case-sensitive, as {@link #toString()} writes them).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static CpuRole parse(final String name) {
        if ("commit".equals(name)) {
            return COMMIT;
        }
        if ("ingress".equals(name)) {
            return INGRESS;
        }
        if (name.startsWith("lane") && name.length() > 4 && name.length() <= 9
            && name.chars().skip(4).allMatch(c -> c >= '0' && c <= '9')) {
            return lane(Integer.parseInt(name.substring(4)));
        }
        throw new IllegalArgumentException("unknown role '" + name + "' (roles: laneN, commit, ingress)");
    }

    /** {@code laneN}, {@code commit} or {@code ingress}. */
    @Override
    public String toString() {
        return kind == Kind.LANE ? "lane" + lane : kind == Kind.COMMIT ? "commit" : "ingress";
    }
}

package io.multilane.affinity;

/**
 * A child-JVM main for tests: reports the mode, the CPU sets and the outcome of pinning to the CPUs
 * given as arguments, as {@code key=value} lines on stdout.
 *
 * <p>Threading: runs on the child JVM's main thread, which is the one it pins.
 */
public final class AffinityProbe {
    private AffinityProbe() {
    }

    /** Pins to each argument in turn (a CPU list) and reports. */
    public static void main(final String[] args) {
        System.out.println("mode=" + Affinity.mode());
        System.out.println("reason=" + Affinity.fallbackReason());
        System.out.println("currentCpu=" + Affinity.currentCpu());
        System.out.println("allowed=" + Affinity.allowedCpus());
        System.out.println("procAllowed=" + ProcStatus.cpusAllowed(ProcStatus.PROCESS));
        System.out.println("threadBefore=" + Affinity.currentThreadCpus());
        for (int i = 0; i < args.length; i++) {
            String outcome;
            try {
                Affinity.pinCurrentThread(CpuSet.parse(args[i]));
                outcome = "ok";
            } catch (AffinityException e) {
                outcome = "AffinityException: " + e.getMessage();
            }
            System.out.println("pin" + i + "=" + outcome);
        }
        System.out.println("threadAfter=" + Affinity.currentThreadCpus());
    }
}

package io.pipewright.export.cluster;

import java.util.Locale;

/**
 * A task's requests and limits: the options' per-node override when given; else, when a finished run
 * measured the node, its peak memory times the headroom plus the JVM's own base, never under the floor;
 * else the floor. Limits sit above the requests ({@link #MEMORY_LIMIT_FACTOR}, {@link #CPU_LIMIT_FACTOR})
 * so that a node that peaks a little higher than it did locally is not killed.
 */
final class TaskSizing {
    /** What the JVM itself takes besides a node's work (heap of the runtime, metaspace, threads, the native libraries). */
    static final long JVM_BASE_BYTES = 256L * 1024 * 1024;
    static final double MEMORY_LIMIT_FACTOR = 1.5;
    static final int CPU_LIMIT_FACTOR = 2;

    record Sized(ClusterPlan.Resources resources, String sentence) {
    }

    private TaskSizing() {
    }

    /**
     * @param measuredNode the node whose measurement sizes the task (the tune node for its trials)
     * @param run the newest finished run, or null
     */
    static Sized size(String measuredNode, ClusterOptions options, NodeMeasurements.MeasuredRun run, boolean trial) {
        ClusterOptions.Resources resources = options.resources();
        long floorCpu = Quantity.cpuMillis(resources.cpu());
        long floorMemory = Quantity.memoryBytes(resources.memory());
        ClusterOptions.Quantities override = options.resourcesOf(measuredNode);
        long cpu = override.cpu().isEmpty() ? floorCpu : Quantity.cpuMillis(override.cpu());
        long memory;
        String sentence;
        Double peak = run == null ? null : run.peakMemoryBytes(measuredNode);
        Double seconds = run == null ? null : run.seconds(measuredNode);
        String subject = trial ? "node '" + measuredNode + "' (the whole study)" : "node '" + measuredNode + "'";
        if (!override.memory().isEmpty()) {
            memory = Quantity.memoryBytes(override.memory());
            sentence = "set in the options (resources.nodes." + measuredNode + ")";
        } else if (peak != null) {
            long sized = Math.round(peak * resources.headroom()) + JVM_BASE_BYTES;
            memory = Math.max(floorMemory, sized);
            sentence = String.format(Locale.ROOT, "%s took %s s and peaked at %s in run %s: %s × %s + %s JVM base%s", subject,
                    seconds == null ? "?" : String.format(Locale.ROOT, "%.2f", seconds), Quantity.readable(peak.longValue()), run.runKey(),
                    Quantity.readable(peak.longValue()), plain(resources.headroom()), Quantity.readable(JVM_BASE_BYTES),
                    sized < floorMemory ? ", under the floor: the floor" : "");
        } else if (run != null) {
            memory = floorMemory;
            sentence = "run " + run.runKey() + " did not measure " + subject + ": the floor";
        } else {
            memory = floorMemory;
            sentence = "no local run: the floor";
        }
        if (!override.cpu().isEmpty() && override.memory().isEmpty()) {
            sentence += "; CPU set in the options (resources.nodes." + measuredNode + ".cpu)";
        }
        var sized = new ClusterPlan.Resources(Quantity.cpu(cpu), Quantity.memory(memory), Quantity.cpu(cpu * CPU_LIMIT_FACTOR),
                Quantity.memory(Math.round(Quantity.memoryBytes(Quantity.memory(memory)) * MEMORY_LIMIT_FACTOR)));
        return new Sized(sized, sentence);
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}

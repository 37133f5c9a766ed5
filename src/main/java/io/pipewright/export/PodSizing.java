package io.pipewright.export;

/**
 * Requests and limits of a serving pod, from the model's measurements and the traffic it is sized for.
 *
 * <p>Memory: the JVM and server ({@link #BASE_MEMORY_MIB}, the resident size of an idle {@code
 * pipewright serve}) plus 1.5 times the heap of each copy of the model the server keeps (one per core
 * of the CPU limit, up to 8), rounded up to 64 MiB; the limit equals the request. CPU: the expected
 * requests per second per replica times the CPU a request takes (the HTTP and JSON work the serving
 * benchmark measures, {@link #REQUEST_OVERHEAD_MICROS}, plus the model's measured time per row), at
 * most half busy, at least 250m; the limit is twice the request (it also bounds the model copies).
 */
public record PodSizing(int cpuMillis, int cpuLimitMillis, int memoryMib, double requestsPerSecondPerReplica, double microsPerRequest) {

    public static final int BASE_MEMORY_MIB = 320;
    public static final double REQUEST_OVERHEAD_MICROS = 90;
    static final double DEFAULT_MICROS_PER_ROW = 50;

    public static PodSizing of(ModelFacts facts, BundleOptions options) {
        double perRow = Double.isFinite(facts.microsPerRow()) ? facts.microsPerRow() : DEFAULT_MICROS_PER_ROW;
        double perRequest = REQUEST_OVERHEAD_MICROS + perRow;
        int replicas = options.autoscaling().mode().equals("none") ? options.replicas() : options.autoscaling().minReplicas();
        double rpsPerReplica = options.serving().expectedRequestsPerSecond() / Math.max(1, replicas);
        int cpu = options.resources().cpu().isEmpty()
                ? roundUp((int) Math.ceil(rpsPerReplica * perRequest / 1e3 * 2), 50, 250)
                : millis(options.resources().cpu());
        int cpuLimit = Math.max(cpu * 2, 1000);
        int copies = Math.max(1, Math.min(8, cpuLimit / 1000));
        int memory = options.resources().memory().isEmpty()
                ? roundUp((int) Math.ceil(BASE_MEMORY_MIB + copies * 1.5 * facts.modelHeapBytes() / (1024.0 * 1024)), 64, 384)
                : mebibytes(options.resources().memory());
        // the request rate at which one replica at its CPU request is half busy: what KEDA scales on
        double scaleAt = options.autoscaling().requestsPerSecondPerReplica() > 0 ? options.autoscaling().requestsPerSecondPerReplica()
                : Math.max(1, Math.floor(cpu / 1e3 * 0.5 / (perRequest / 1e6)));
        return new PodSizing(cpu, cpuLimit, memory, scaleAt, perRequest);
    }

    private static int roundUp(int value, int step, int minimum) {
        return Math.max(minimum, (value + step - 1) / step * step);
    }

    static int millis(String quantity) {
        return quantity.endsWith("m") ? (int) Double.parseDouble(quantity.substring(0, quantity.length() - 1))
                : (int) Math.round(Double.parseDouble(quantity) * 1000);
    }

    static int mebibytes(String quantity) {
        double value = Double.parseDouble(quantity.replaceAll("[A-Za-z]+$", ""));
        String unit = quantity.replaceAll("^[0-9.]+", "");
        return (int) Math.ceil(switch (unit) {
            case "Ki" -> value / 1024;
            case "Gi" -> value * 1024;
            case "Ti" -> value * 1024 * 1024;
            case "Mi" -> value;
            case "m" -> value / 1000 / (1024 * 1024);
            default -> value / (1024 * 1024);
        });
    }

    public String cpu() {
        return cpuMillis + "m";
    }

    public String cpuLimit() {
        return cpuLimitMillis + "m";
    }

    public String memory() {
        return memoryMib + "Mi";
    }

    /** The monthly cost (730 hours) of {@code replicas} pods at their requests, with the spot share discounted. */
    public double monthlyCost(BundleOptions options, int replicas) {
        var prices = options.prices();
        double hourly = cpuMillis / 1e3 * prices.vcpuHour() + memoryMib / 1024.0 * prices.memoryGibHour()
                + (options.gpu().enabled() ? options.gpu().count() * prices.gpuHour() : 0);
        double discount = options.spot().enabled() ? prices.spotDiscount() : 0;
        return replicas * hourly * (1 - discount) * 730;
    }
}

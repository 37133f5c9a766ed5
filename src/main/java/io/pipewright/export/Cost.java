package io.pipewright.export;

import java.util.Locale;
import java.util.Map;

/** The cost runbook's figures: the monthly cost of the pods at their requests, from the options' price table. */
final class Cost {
    private Cost() {
    }

    static void fill(Map<String, String> fill, BundleOptions options, PodSizing sizing) {
        var prices = options.prices();
        fill.put("priceVcpu", money(prices.vcpuHour(), 4));
        fill.put("priceMemory", money(prices.memoryGibHour(), 4));
        fill.put("priceGpu", money(prices.gpuHour(), 3));
        fill.put("spotDiscountPercent", String.format(Locale.ROOT, "%.0f", prices.spotDiscount() * 100));
        fill.put("gpuText", options.gpu().enabled() ? ", GPU " + options.gpu().count() : "");
        fill.put("spotText", options.spot().enabled() ? "yes (the discount applies to every pod)" : "no");
        var table = new StringBuilder("| replicas | per month (USD) | on demand, for comparison |\n|---|---|---|\n");
        String mode = options.autoscaling().mode();
        int low = mode.equals("none") ? options.replicas() : options.autoscaling().minReplicas();
        int high = mode.equals("none") ? options.replicas() : options.autoscaling().maxReplicas();
        var onDemand = new BundleOptions(options.name(), options.namespace(), options.image(), options.replicas(), options.autoscaling(), options.gpu(),
                new BundleOptions.Spot(false), options.cloud(), options.rollout(), options.ingress(), options.alerts(), options.serving(),
                options.resources(), options.prices(), options.trainingJob(), options.monitorJob(), options.stream(), options.grpc(), options.features());
        for (int replicas : low == high ? new int[] {low} : new int[] {low, high}) {
            table.append("| ").append(replicas).append(replicas == low && low != high ? " (fewest)" : replicas == high && low != high ? " (most)" : "")
                    .append(" | ").append(money(sizing.monthlyCost(options, replicas), 2))
                    .append(" | ").append(money(sizing.monthlyCost(onDemand, replicas), 2)).append(" |\n");
        }
        fill.put("costTable", table.toString().stripTrailing());
        var stream = options.stream();
        // the streaming scorer's pods have the server's requests; KEDA runs between its fewest and most
        fill.put("streamCost", !stream.enabled() ? "" : "\n\nThe streaming scorer adds " + stream.minReplicas() + " to " + stream.maxReplicas() + " pods at the same requests: "
                + money(sizing.monthlyCost(options, stream.minReplicas()), 2) + " to " + money(sizing.monthlyCost(options, stream.maxReplicas()), 2)
                + " USD a month.");
    }

    /** The prices of the runbook, unrounded, as {@code runbooks/cost.json} (the keys of the export options' {@code prices}). */
    static String json(BundleOptions options) {
        var prices = options.prices();
        var facts = BundleWriter.object();
        facts.put("currency", "USD");
        facts.put("hoursPerMonth", 730);
        var table = facts.putObject("prices");
        table.put("vcpuHour", prices.vcpuHour());
        table.put("memoryGibHour", prices.memoryGibHour());
        table.put("gpuHour", prices.gpuHour());
        table.put("spotDiscount", prices.spotDiscount());
        return BundleWriter.json(facts);
    }

    private static String money(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }
}

package io.pipewright.loop.cost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a bundle says about cost: each pod's requests (its chart's {@code values.yaml}), how many pods the chart runs (the
 * serving replicas, fixed or between autoscaling's fewest and most, the shadow/A-B candidate, the streaming scorer), whether
 * they run on spot nodes (the chart's {@code spot} node selector, checked against the Terraform node pool of its cloud), and
 * the prices of its cost runbook ({@code runbooks/cost.json}; a bundle exported before that file existed: the runbook's table).
 *
 * @param cpuCores   CPU requested per pod, in cores
 * @param memoryMib  memory requested per pod, in MiB
 * @param gpus       GPUs per pod (0 without)
 * @param podsFewest pods running when autoscaling has scaled in (all of them without autoscaling)
 * @param podsMost   pods running when autoscaling has scaled out
 * @param spotPods   how many of {@code podsFewest} run on spot nodes
 * @param prices     the runbook's prices, or null when the bundle has none
 */
public record BundleFacts(String name, String chart, double cpuCores, double memoryMib, int gpus, int podsFewest, int podsMost, int spotPods, String cloud,
                          Prices prices, String pricesSource, String podsText, List<String> notes) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VALUES = Pattern.compile("helm/([^/]+)/values\\.yaml");

    /** Reads the bundle; a bundle without a chart's values, or with requests that cannot be read, is one line naming the file and field. */
    public static BundleFacts read(BundleFiles bundle) {
        var charts = bundle.paths().stream().filter(path -> VALUES.matcher(path).matches()).toList();
        if (charts.isEmpty()) {
            throw new IllegalArgumentException(bundle.name() + ": no helm/<chart>/values.yaml: not a Pipewright deployment bundle folder");
        }
        String valuesPath = charts.get(0);
        Matcher chartName = VALUES.matcher(valuesPath);
        chartName.matches();
        String chart = chartName.group(1);
        String where = bundle.where(valuesPath);
        JsonNode values;
        try {
            values = YAML.readTree(bundle.text(valuesPath).orElseThrow());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not YAML: line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
        }
        if (values == null || !values.isObject()) {
            throw new IllegalArgumentException(where + ": not the chart's values (a mapping of keys)");
        }
        var notes = new ArrayList<String>();
        if (charts.size() > 1) {
            notes.add("the bundle holds " + charts.size() + " charts; costed " + chart);
        }
        double cpu = cpuCores(text(values, "resources.requests.cpu", where), where);
        double memory = mebibytes(text(values, "resources.requests.memory", where), where);
        int gpus = bool(values, "gpu.enabled") ? whole(values, "gpu.count", where) : 0;

        String mode = values.at("/autoscaling/mode").asText("none");
        int fewest;
        int most;
        var parts = new ArrayList<String>();
        if (mode.equals("none")) {
            fewest = whole(values, "replicaCount", where);
            most = fewest;
            parts.add(fewest + " serving (fixed)");
        } else {
            fewest = whole(values, "autoscaling.minReplicas", where);
            most = whole(values, "autoscaling.maxReplicas", where);
            parts.add(fewest + " to " + most + " serving (" + mode + ")");
        }
        String strategy = values.at("/rollout/strategy").asText("rolling");
        if (strategy.equals("shadow") || strategy.equals("ab")) {
            int candidate = whole(values, "rollout.candidateReplicas", where);
            fewest += candidate;
            most += candidate;
            parts.add(candidate + " candidate (" + strategy + ")");
        }
        if (bool(values, "stream.enabled")) {
            int streamFewest = whole(values, "stream.minReplicas", where);
            int streamMost = whole(values, "stream.maxReplicas", where);
            fewest += streamFewest;
            most += streamMost;
            parts.add(streamFewest + " to " + streamMost + " streaming scorer");
        }

        boolean spot = bool(values, "spot.enabled");
        String cloud = values.at("/spot/cloud").asText("aws");
        Boolean poolSpot = poolSpot(bundle, cloud);
        if (spot && Boolean.FALSE.equals(poolSpot)) {
            notes.add("the chart asks for spot nodes but terraform/" + cloud + "'s serving node pool is on-demand (spot = false): its pods would not be scheduled there");
        } else if (!spot && Boolean.TRUE.equals(poolSpot)) {
            notes.add("terraform/" + cloud + "'s serving node pool is spot but the chart does not tolerate spot nodes: its pods run elsewhere, on demand");
        }

        Prices prices = null;
        String pricesSource = null;
        var json = bundle.text("runbooks/cost.json");
        if (json.isPresent()) {
            try {
                prices = JSON.treeToValue(JSON.readTree(json.get()).path("prices"), Prices.class);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new IllegalArgumentException(bundle.where("runbooks/cost.json") + ": prices: " + e.getMessage().lines().findFirst().orElse(""));
            }
            if (prices == null || !prices.complete() || prices.problem() != null) {
                throw new IllegalArgumentException(bundle.where("runbooks/cost.json") + ": prices: "
                        + (prices == null || !prices.complete() ? "needs vcpuHour, memoryGibHour, gpuHour and spotDiscount" : prices.problem()));
            }
            pricesSource = "runbooks/cost.json";
        } else {
            var runbook = bundle.text("runbooks/cost.md");
            if (runbook.isPresent()) {
                prices = runbookPrices(runbook.get());
                pricesSource = prices == null ? null : "runbooks/cost.md";
            }
        }
        return new BundleFacts(bundle.name(), chart, cpu, memory, gpus, fewest, most, spot ? fewest : 0, cloud, prices, pricesSource,
                String.join(" + ", parts), List.copyOf(notes));
    }

    /** The share of the pods on spot nodes (0 to 1); null for a chart that runs no pod. */
    public Double spotShare() {
        return podsFewest == 0 ? null : (double) spotPods / podsFewest;
    }

    /** What one pod's requests cost an hour at these prices, before any spot discount. */
    public double podHourly(Prices at) {
        return cpuCores * at.vcpuHour() + memoryMib / 1024 * at.memoryGibHour() + gpus * at.gpuHour();
    }

    /** The monthly cost of {@code pods} pods at their requests, the spot share discounted, as the cost runbook computes it. */
    public double monthly(Prices at, int pods) {
        Double share = spotShare();
        double discount = share == null ? 0 : share * at.spotDiscount();
        return pods * podHourly(at) * (1 - discount) * Prices.HOURS_PER_MONTH;
    }

    /** Whether the Terraform node pool of this cloud is spot, as its tfvars example says; null when the bundle has none. */
    private static Boolean poolSpot(BundleFiles bundle, String cloud) {
        var tfvars = bundle.text("terraform/" + cloud + "/terraform.tfvars.example");
        if (tfvars.isEmpty()) {
            return null;
        }
        Matcher spot = Pattern.compile("(?m)^spot\\s*=\\s*(true|false)\\s*$").matcher(tfvars.get());
        return spot.find() ? Boolean.valueOf(spot.group(1)) : null;
    }

    /** The price table of a cost runbook exported before {@code cost.json}: rounded as printed, or null when it has none. */
    static Prices runbookPrices(String text) {
        Double vcpu = cell(text, "vCPU");
        Double memory = cell(text, "memory, GiB");
        Double gpu = cell(text, "GPU");
        Double spot = cell(text, "spot discount");
        if (vcpu == null || memory == null || gpu == null || spot == null) {
            return null;
        }
        return new Prices(vcpu, memory, gpu, spot / 100);
    }

    private static Double cell(String text, String row) {
        Matcher matcher = Pattern.compile("(?m)^\\| " + Pattern.quote(row) + " \\| ([0-9][0-9,]*(\\.[0-9]+)?)( %)? \\|").matcher(text);
        return matcher.find() ? Double.valueOf(matcher.group(1).replace(",", "")) : null;
    }

    private static String text(JsonNode values, String field, String where) {
        JsonNode node = values.at("/" + field.replace('.', '/'));
        if (node.isMissingNode() || node.isNull() || node.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": " + field + ": missing: the pod's requests are what the cost is computed from");
        }
        return node.asText().strip();
    }

    private static boolean bool(JsonNode values, String field) {
        return values.at("/" + field.replace('.', '/')).asBoolean(false);
    }

    private static int whole(JsonNode values, String field, String where) {
        JsonNode node = values.at("/" + field.replace('.', '/'));
        String text = node.asText().strip();
        if (node.isMissingNode() || !text.matches("[0-9]{1,6}")) {
            throw new IllegalArgumentException(where + ": " + field + ": " + (node.isMissingNode() ? "missing" : "must be a whole number of pods, not '" + text + "'"));
        }
        return Integer.parseInt(text);
    }

    /** A Kubernetes CPU quantity ({@code 250m}, {@code 1.5}) in cores. */
    static double cpuCores(String quantity, String where) {
        Matcher matcher = Pattern.compile("([0-9]+(\\.[0-9]+)?)(m?)").matcher(quantity);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(where + ": resources.requests.cpu: not a CPU quantity: '" + quantity + "' (e.g. 250m or 1.5)");
        }
        double value = Double.parseDouble(matcher.group(1));
        return matcher.group(3).isEmpty() ? value : value / 1000;
    }

    /** A Kubernetes memory quantity ({@code 384Mi}, {@code 1Gi}, {@code 500M}, bytes) in MiB. */
    static double mebibytes(String quantity, String where) {
        Matcher matcher = Pattern.compile("([0-9]+(\\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|K|M|G|T)?").matcher(quantity);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(where + ": resources.requests.memory: not a memory quantity: '" + quantity + "' (e.g. 384Mi or 1Gi)");
        }
        double value = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(3) == null ? "" : matcher.group(3);
        double bytes = value * switch (unit) {
            case "Ki" -> 1024.0;
            case "Mi" -> 1024.0 * 1024;
            case "Gi" -> 1024.0 * 1024 * 1024;
            case "Ti" -> 1024.0 * 1024 * 1024 * 1024;
            case "k", "K" -> 1e3;
            case "M" -> 1e6;
            case "G" -> 1e9;
            case "T" -> 1e12;
            default -> 1.0;
        };
        return bytes / (1024 * 1024);
    }
}

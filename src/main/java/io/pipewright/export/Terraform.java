package io.pipewright.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code terraform.tfvars.example} of each cloud: this export's choices, formatted as {@code terraform fmt} would. */
final class Terraform {
    private Terraform() {
    }

    static String exampleVariables(String cloud, BundleOptions options, PodSizing sizing) {
        var cloudOptions = options.cloud();
        boolean gpu = options.gpu().enabled();
        int maxNodes = Math.max(cloudOptions.nodes(), options.autoscaling().mode().equals("none") ? options.replicas() : options.autoscaling().maxReplicas());
        var lines = new ArrayList<String[]>();
        switch (cloud) {
            case "gcp" -> {
                lines.add(pair("project", quote("my-project")));
                lines.add(pair("region", quote(regionOr(cloud, cloudOptions.region(), "europe-west4"))));
                lines.add(pair("cluster_name", quote(cloudOptions.clusterName())));
                lines.add(pair("machine_type", quote(instanceOr(cloud, cloudOptions.instanceType(), options.gpu().instanceType(), gpu ? "g2-standard-8" : "n2-standard-4"))));
                lines.add(pair("serving_min_nodes", "1"));
                lines.add(pair("serving_max_nodes", Integer.toString(Math.max(1, (maxNodes + 2) / 3))));
                lines.add(pair("spot", Boolean.toString(options.spot().enabled())));
                lines.add(pair("gpu", Boolean.toString(gpu)));
                lines.add(pair("gpu_type", quote("nvidia-l4")));
                lines.add(pair("gpu_count", Integer.toString(options.gpu().count())));
            }
            case "azure" -> {
                lines.add(pair("subscription_id", quote("00000000-0000-0000-0000-000000000000")));
                lines.add(pair("resource_group", quote(cloudOptions.clusterName() + "-rg")));
                lines.add(pair("cluster_name", quote(cloudOptions.clusterName())));
                lines.add(pair("vm_size", quote(instanceOr(cloud, cloudOptions.instanceType(), options.gpu().instanceType(), gpu ? "Standard_NC4as_T4_v3" : "Standard_D4s_v5"))));
                lines.add(pair("serving_min_nodes", "2"));
                lines.add(pair("serving_max_nodes", Integer.toString(maxNodes)));
                lines.add(pair("spot", Boolean.toString(options.spot().enabled())));
                lines.add(pair("gpu", Boolean.toString(gpu)));
            }
            default -> {
                lines.add(pair("region", quote(regionOr(cloud, cloudOptions.region(), "us-east-1"))));
                lines.add(pair("cluster_name", quote(cloudOptions.clusterName())));
                lines.add(pair("vpc_id", quote("vpc-0123456789abcdef0")));
                lines.add(pair("subnet_ids", "[" + quote("subnet-0123456789abcdef0") + ", " + quote("subnet-0fedcba9876543210") + "]"));
                String instance = instanceOr(cloud, cloudOptions.instanceType(), options.gpu().instanceType(), gpu ? "g5.xlarge" : "m6i.xlarge");
                // several instance types let spot capacity come from more pools
                List<String> types = options.spot().enabled() && !gpu && instance.equals("m6i.xlarge") ? List.of("m6i.xlarge", "m6a.xlarge", "m5.xlarge")
                        : List.of(instance);
                lines.add(pair("serving_instance_types", "[" + String.join(", ", types.stream().map(Terraform::quote).toList()) + "]"));
                lines.add(pair("serving_min_nodes", "2"));
                lines.add(pair("serving_max_nodes", Integer.toString(maxNodes)));
                lines.add(pair("spot", Boolean.toString(options.spot().enabled())));
                lines.add(pair("gpu", Boolean.toString(gpu)));
            }
        }
        int width = lines.stream().mapToInt(line -> line[0].length()).max().orElse(0);
        var out = new StringBuilder("# Copy to terraform.tfvars and replace the example account values (ids, subnets) with yours.\n"
                + "# Serving pods request " + sizing.cpu() + " CPU and " + sizing.memory() + " memory each.\n");
        for (String[] line : lines) {
            out.append(line[0]).append(" ".repeat(width - line[0].length())).append(" = ").append(line[1]).append('\n');
        }
        return out.toString();
    }

    /**
     * The region each cloud's {@code variables.tf} accepts (its {@code validation} block): one region
     * option serves every cloud's files, so a region given for another cloud (us-east-1 for GCP) is not used.
     */
    private static final Map<String, String> REGIONS = Map.of("aws", "[a-z]{2}(-[a-z]+)+-[0-9]", "gcp", "[a-z]+-[a-z]+[0-9]");

    /** Whether some cloud's files can use this region (the options refuse one that none can). */
    static boolean isRegion(String region) {
        return REGIONS.values().stream().anyMatch(region::matches);
    }

    private static String regionOr(String cloud, String region, String fallback) {
        return region.matches(REGIONS.get(cloud)) ? region : fallback;
    }

    private static String instanceOr(String cloud, String instance, String gpuInstance, String fallback) {
        String chosen = !gpuInstance.isEmpty() ? gpuInstance : instance;
        if (chosen.isEmpty()) {
            return fallback;
        }
        Map<String, String> shapes = Map.of("aws", "[a-z0-9]+\\.[a-z0-9]+", "gcp", "[a-z0-9]+-[a-z0-9-]+", "azure", "Standard_[A-Za-z0-9_]+");
        return chosen.matches(shapes.get(cloud)) ? chosen : fallback;
    }

    private static String[] pair(String key, String value) {
        return new String[] {key, value};
    }

    /**
     * An HCL string literal of any text: quotes, backslashes and control characters escaped, and the
     * dollar or percent sign of a template start doubled, so that it stays text.
     */
    static String quote(String text) {
        var out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean template = (c == '$' || c == '%') && i + 1 < text.length() && text.charAt(i + 1) == '{';
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
                    } else {
                        out.append(template ? String.valueOf(c) + c : String.valueOf(c));
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}

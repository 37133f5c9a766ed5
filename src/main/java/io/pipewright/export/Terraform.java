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

    /** A region option given for another cloud (us-east-1 for GCP) is not used. */
    private static String regionOr(String cloud, String region, String fallback) {
        if (region.isEmpty()) {
            return fallback;
        }
        boolean aws = region.matches("[a-z]{2}(-[a-z]+)+-[0-9]");
        return cloud.equals("aws") == aws ? region : fallback;
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

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

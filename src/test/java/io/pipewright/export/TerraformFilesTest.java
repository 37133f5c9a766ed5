package io.pipewright.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundle's Terraform, checked here once instead of at every export: the {@code .tf} files are fixed
 * templates, parsed strictly with their variables cross-checked; the one generated file, each cloud's
 * {@code terraform.tfvars.example}, is written from checked options as HCL literals, and every shape of
 * options gives one that parses and sets exactly the variables the templates declare.
 */
class TerraformFilesTest {
    @TempDir
    Path dir;

    private static String template(String cloud, String file) {
        return Templates.read(BundleWriter.RESOURCES + "terraform/" + cloud + "/" + file);
    }

    /** The variables a cloud's templates declare, by name. */
    private static Map<String, HclParser.Block> declared(String cloud) {
        var declared = new LinkedHashMap<String, HclParser.Block>();
        for (String file : BundleWriter.CLOUD_FILES) {
            for (HclParser.Block block : HclParser.parse(cloud + "/" + file, template(cloud, file)).body().blocks("variable")) {
                declared.put(block.labels().get(0), block);
            }
        }
        return declared;
    }

    private BundleOptions options(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "options", ".yaml");
        Files.writeString(file, yaml);
        return BundleOptions.read(file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void theTemplatesParseStrictlyAndDeclareDescribeAndTypeEveryVariableTheyRead(String cloud) {
        var problems = new ArrayList<String>();
        var read = new TreeSet<String>();
        boolean pinned = false;
        for (String file : BundleWriter.CLOUD_FILES) {
            HclParser.File parsed = HclParser.parse(cloud + "/" + file, template(cloud, file));
            read.addAll(parsed.variablesRead());
            for (HclParser.Block block : parsed.body().blocks("variable")) {
                if (!block.body().has("description") || !block.body().has("type")) {
                    problems.add(cloud + "/" + file + ":" + block.line() + ": variable '" + block.labels().get(0) + "' needs a description and a type");
                }
            }
            for (HclParser.Block block : parsed.body().blocks("terraform")) {
                pinned |= block.body().has("required_version") && !block.body().blocks("required_providers").isEmpty();
            }
        }
        assertThat(problems).isEmpty();
        assertThat(pinned).as(cloud + "/versions.tf has required_version and required_providers").isTrue();
        assertThat(declared(cloud).keySet()).as("every var.X read is declared").containsAll(read);
    }

    /** The premise of checking them here: an export copies the templates unchanged, whatever its options. */
    @Test
    void anExportCopiesTheTemplatesAsTheyAre() throws IOException {
        for (var options : List.of(BundleOptions.defaults(), options("gpu: {enabled: true, count: 2}\nspot: {enabled: true}\n"
                + "cloud: {provider: gcp, region: europe-west4, clusterName: ml, instanceType: n2-standard-8, nodes: 7}\n"))) {
            var bundle = Exporter.draft(ExportFixtures.classifier(), options, null).bundle();
            for (String cloud : BundleOptions.CLOUDS) {
                for (String file : BundleWriter.CLOUD_FILES) {
                    assertThat(bundle.content("terraform/" + cloud + "/" + file)).as(cloud + "/" + file).isEqualTo(template(cloud, file));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "gpu: {enabled: true, count: 2}\nspot: {enabled: true}\ncloud: {provider: gcp, region: europe-west4}\n",
        "spot: {enabled: true}\ncloud: {provider: aws, region: eu-central-1, instanceType: c6i.2xlarge}\n",
        "spot: {enabled: true}\ncloud: {provider: azure, clusterName: team-models, instanceType: Standard_D8s_v5}\n",
        "autoscaling: {mode: keda, minReplicas: 2, maxReplicas: 40}\ngpu: {enabled: true, instanceType: g5.2xlarge}\n"})
    void theExampleVariablesParseAndSetExactlyTheDeclaredVariables(String yaml) throws IOException {
        var options = options(yaml);
        var sizing = new PodSizing(500, 1000, 768, 50, 140);
        for (String cloud : BundleOptions.CLOUDS) {
            String example = Terraform.exampleVariables(cloud, options, sizing);
            HclParser.File parsed = HclParser.parse(cloud + "/terraform.tfvars.example", example);
            var declared = declared(cloud);
            Set<String> given = new TreeSet<>();
            parsed.body().attributes().forEach(attribute -> given.add(attribute.name()));
            assertThat(parsed.body().blocks()).as("only attributes").isEmpty();
            assertThat(declared.keySet()).as(cloud + ": every value is a declared variable").containsAll(given);
            declared.forEach((name, block) -> {
                if (!block.body().has("default")) {
                    assertThat(given).as(cloud + ": the required variable '%s' has a value", name).contains(name);
                }
            });
        }
    }

    @Test
    void aRegionOfAnotherCloudLeavesThisCloudsDefault() throws IOException {
        var sizing = new PodSizing(500, 1000, 768, 50, 140);
        var gcpRegion = options("cloud: {provider: gcp, region: us-central1}\n");
        assertThat(Terraform.exampleVariables("gcp", gcpRegion, sizing)).containsPattern("region += \"us-central1\"");
        assertThat(Terraform.exampleVariables("aws", gcpRegion, sizing)).containsPattern("region += \"us-east-1\"");
        var awsRegion = options("cloud: {provider: aws, region: ap-southeast-2}\n");
        assertThat(Terraform.exampleVariables("aws", awsRegion, sizing)).containsPattern("region += \"ap-southeast-2\"");
        assertThat(Terraform.exampleVariables("gcp", awsRegion, sizing)).containsPattern("region += \"europe-west4\"");
    }

    /** Any text is written as a literal: a quote, a line break or a template start stays text, read by no interpolation. */
    @ParameterizedTest
    @ValueSource(strings = {"plain", "a \"quoted\" \\ back", "two\nlines\r\tand a bell \u0007", "${var.region}", "%{ if true }x%{ endif }", "$${x} $ % {"})
    void anyTextIsWrittenAsAnHclLiteral(String text) {
        HclParser.File parsed = HclParser.parse("t.tfvars", "value = " + Terraform.quote(text) + "\n");
        assertThat(parsed.body().attributes()).extracting(HclParser.Attribute::name).containsExactly("value");
        assertThat(parsed.variablesRead()).as("no interpolation").isEmpty();
        assertThat(Terraform.quote(text)).doesNotContain("\n", "\r", "\t");
    }
}

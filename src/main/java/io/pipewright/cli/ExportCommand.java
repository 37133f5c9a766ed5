package io.pipewright.cli;

import io.pipewright.export.BundleOptions;
import io.pipewright.export.BundleValidator;
import io.pipewright.export.Exporter;
import io.pipewright.export.ModelFacts;
import io.pipewright.export.Validation;
import io.pipewright.track.ModelRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "export", description = {"Export a model as a validated deployment bundle: Dockerfile, Helm chart, Terraform node pools, "
        + "Prometheus alerts with their tests, a Grafana dashboard, runbooks and a CI workflow.",
    "The bundle is validated first (helm lint and template, manifest and policy checks, alert rules, terraform where installed) and written only when it passes.",
    "Exit 1 when validation fails, 2 when the model or the options cannot be used."})
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    private PipewrightCommand root;

    @Spec
    private CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    private ServeCommand.Source source;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The folder the bundle is written into, as DIR/<name>-bundle/.")
    private Path out;

    @Option(names = "--options", paramLabel = "FILE.yaml", description = "Export options (replicas, autoscaling, GPU, spot, rollout strategy, "
            + "ingress, alert thresholds, prices…); every field has a default.")
    private Path optionsFile;

    @Option(names = "--zip", description = "Write DIR/<name>-bundle.zip instead of a folder.")
    private boolean zip;

    @Override
    public Integer call() {
        BundleOptions options = optionsFile == null ? BundleOptions.defaults() : BundleOptions.read(optionsFile);
        var err = spec.commandLine().getErr();
        ModelFacts facts;
        if (source.artifact != null) {
            facts = ModelFacts.measure(source.artifact, null, null, null);
        } else {
            ModelRegistry.Version version = ServeCommand.registered(source.model, root);
            facts = ModelFacts.measure(Path.of(version.artifactPath()), version.name(), Integer.toString(version.version()), version.sha256());
        }
        // what the model needs of the options (a features model: its online store), said where they are given
        var problems = options.problems(facts.manifest());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(optionsFile == null ? problems.get(0) + " (give it in an --options FILE.yaml)"
                    : optionsFile.getFileName() + ": " + problems.get(0));
        }
        var draft = Exporter.draft(facts, options, Exporter.runningJar());
        var validated = Exporter.validate(draft, BundleValidator.Tools.fromPath(), () -> false);
        for (Validation.Check check : validated.validation().checks()) {
            err.println("  " + check.line());
            if (check.problems().size() > 1) {
                check.problems().stream().skip(1).limit(20).forEach(problem -> err.println("      " + problem));
            }
        }
        if (!validated.validation().passed()) {
            err.println("pipewright: the bundle failed validation and was not written");
            err.flush();
            return Cli.FAILED;
        }
        var written = Exporter.write(validated, out, zip);
        err.flush();
        var stdout = spec.commandLine().getOut();
        stdout.println(written.written());
        stdout.flush();
        return Cli.OK;
    }
}
